using System.Globalization;
using System.Text;
using BranchBot.Core.Conversations;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;

namespace BranchBot.Core.Study;

/// <summary>
/// <c>积分</c>: my study points today, this week and in all, then my 党员积分 this year with the last entries explained;
/// <c>排行</c>: this week's top 10 of my branch and of the organisation.
/// </summary>
public sealed class PointsFeature(IStudyStore study, IRankingStore rankings, IMemberStore members, MemberPointsLedger ledger, Meetings.IMakeUpStore makeUps) : IConversationFeature
{
    private const int TopCount = 10;

    private const int RecentEntries = 5;

    public string Name => "points";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("积分", "查看我的学习积分和党员积分", ["我的积分"], "POINTS_MINE"),
        new("排行", "本周支部和全市排行", ["排行榜", "排名"], "POINTS_RANK"),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var member = turn.Member!;
        var periods = StudyPeriods.For(turn.Now);
        var text = command.Spec.Keyword == "积分"
            ? await MineAsync(member, periods, turn.Now, cancellationToken)
            : await BoardAsync(member, periods, cancellationToken);
        return new TurnResult(Reply.Text(text), turn.Session);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    private async Task<string> MineAsync(MemberProfile member, StudyPeriods periods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var points = await study.GetPointsAsync(member.MemberId, periods, cancellationToken);
        var branch = RankingScope.Branch(member.BranchId);
        var rank = await rankings.RankOfAsync(branch, periods.Week, member.MemberId, cancellationToken);
        var text = new StringBuilder($"📊 {member.Name} 的学习积分\n今日：{points.Today} 分\n本周：{points.Week} 分\n本月：{points.Month} 分\n累计：{points.Total} 分\n");
        if (rank is null)
        {
            text.Append("本周还没有积分，发送「答题」开始吧！");
        }
        else
        {
            var count = await rankings.CountAsync(branch, periods.Week, cancellationToken);
            text.Append(CultureInfo.InvariantCulture, $"本周支部排名：第 {rank.Rank} 名（共 {count} 人上榜）");
        }

        var year = PointsEntry.Year0(now);
        var mine = await ledger.YearAsync(member.MemberId, year, cancellationToken);
        text.Append(CultureInfo.InvariantCulture, $"\n\n🎖 {year}年党员积分：{mine.Total} 分");
        if (mine.StudyFolded > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"（含学习积分折算 {mine.StudyFolded} 分）");
        }

        foreach (var entry in mine.Entries.Take(RecentEntries))
        {
            text.Append('\n').Append(entry.Points >= 0 ? "+" : string.Empty).Append(entry.Points.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(entry.Reason);
        }

        // Open 补学 earns points once confirmed: say how many are still owed (逾期 past their deadline).
        var owed = (await makeUps.ListForMemberAsync(member.MemberId, cancellationToken)).Where(t => t.State == Meetings.MakeUpState.Owed).ToList();
        if (owed.Count > 0)
        {
            var overdue = owed.Count(t => Meetings.MakeUpService.Overdue(t, now));
            text.Append(CultureInfo.InvariantCulture, $"\n待补学 {owed.Count} 项").Append(overdue > 0 ? string.Create(CultureInfo.InvariantCulture, $"（其中逾期 {overdue} 项）") : string.Empty).Append("，发送「补学」查看。");
        }

        return text.ToString();
    }

    private async Task<string> BoardAsync(MemberProfile member, StudyPeriods periods, CancellationToken cancellationToken)
    {
        var branch = RankingScope.Branch(member.BranchId);
        var branchTop = await rankings.TopAsync(branch, periods.Week, TopCount, cancellationToken);
        var orgTop = await rankings.TopAsync(RankingScope.Organisation, periods.Week, TopCount, cancellationToken);
        var myBranchRank = await rankings.RankOfAsync(branch, periods.Week, member.MemberId, cancellationToken);
        var myOrgRank = await rankings.RankOfAsync(RankingScope.Organisation, periods.Week, member.MemberId, cancellationToken);

        var people = (await members.GetManyAsync(branchTop.Concat(orgTop).Select(e => e.MemberId).Distinct().ToArray(), cancellationToken))
            .ToDictionary(m => m.Id);
        var units = (await members.ListUnitsAsync(cancellationToken)).ToDictionary(u => u.Id, u => u.Name);

        var text = new StringBuilder("🏅 本周支部排行\n");
        AppendBoard(text, branchTop, id => people.TryGetValue(id, out var m) ? m.Name : "（已移除）");
        text.Append("\n🏆 本周总排行\n");
        AppendBoard(text, orgTop, id => people.TryGetValue(id, out var m) ? $"{m.Name}（{units.GetValueOrDefault(m.BranchId, "")}）" : "（已移除）");
        text.Append('\n').Append(myBranchRank is null
            ? "您本周还没有积分，发送「答题」开始学习。"
            : $"我：支部第 {myBranchRank.Rank} 名，总排行第 {myOrgRank?.Rank} 名，本周 {myBranchRank.Points} 分");
        return text.ToString();
    }

    private static void AppendBoard(StringBuilder text, IReadOnlyList<RankEntry> board, Func<string, string> name)
    {
        if (board.Count == 0)
        {
            text.Append("暂无人上榜\n");
            return;
        }

        foreach (var entry in board)
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.Rank}. {name(entry.MemberId)} {entry.Points}分\n");
        }
    }
}
