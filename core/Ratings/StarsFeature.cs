using BranchBot.Core.Conversations;
using BranchBot.Core.Meetings;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Ratings;

/// <summary><c>星级</c>: a branch's committee sees this quarter's stars so far and why each missing one is missing.</summary>
public sealed class StarsFeature(RatingService ratings, TimeProvider time) : IConversationFeature
{
    public string Name => "stars";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("星级", "查看本支部本季度星级评定情况", ["星级评定"], Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var period = RatingPeriod.Containing(time.GetUtcNow(), CompliancePeriod.Quarter);
        var stars = await ratings.BranchAsync(turn.Member!.BranchId, period, cancellationToken);
        return new(Reply.Text(stars is null ? "星级按党支部评定，请在管理后台查看各支部的星级。" : Describe(stars)), turn.Session);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    /// <summary>The count, then each star missing with its reason; the console holds every item's figures.</summary>
    internal static string Describe(BranchStars stars)
    {
        var lines = new List<string>
        {
            $"⭐ {stars.BranchName}{stars.PeriodLabel}星级：{stars.Count} 星（{stars.Grade}）" + (stars.Final ? "。" : "，本季度尚未结束，按截至目前的数据评定。"),
            "已获得：" + (stars.Count == 0 ? "无" : string.Join("、", stars.Stars.Where(s => s.Awarded).Select(s => s.Name))),
            // Before the reasons: a long list is shortened from its end to fit one WeChat message.
            "基本保障和特色星由党委评定。各项标准和数值请在书记工作台「星级」页查看。",
        };
        foreach (var missing in stars.Stars.Where(s => !s.Awarded && !StarNames.IsAwarded(s.Kind)))
        {
            lines.Add($"未获得{missing.Name}：{missing.Reason ?? "未达标"}");
        }

        return string.Join('\n', lines);
    }
}
