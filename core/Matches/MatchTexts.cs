using System.Globalization;
using System.Text;
using BranchBot.Core.Study;

namespace BranchBot.Core.Matches;

/// <summary>What 对战 and 四人赛 say to players.</summary>
internal static class MatchTexts
{
    private static readonly string[] Medals = ["🥇", "🥈", "🥉"];

    public const string EmptyBank = "题库里还没有题目，请联系管理员导入题库。";
    public const string Left = "已取消匹配。发送「对战」或「四人赛」可重新匹配。";
    public const string NotWaiting = "您当前没有在匹配中。发送「对战」或「四人赛」开始匹配。";
    public const string CannotCancel = "本场已经开始，无法取消。您可以不再作答，本场结束后即可重新匹配。";
    public const string StillWaiting = "正在为您匹配，请稍候。发送「取消匹配」可退出。";
    public const string Over = "本场已经结束。发送「对战」或「四人赛」再来一局。";
    public const string Duplicate = "这道题您已经答过了，以第一次的答案为准：";
    public const string Late = "本题作答时间已到，请等待下一题。";
    public const string Closed = "本题已结束，请等待下一题。";
    public const string AlreadyPlaying = "您正在一场对战或四人赛中，请直接回复题目答案。本场结束后即可重新匹配。";
    public const string NotPlayer = "您不在这一场中。发送「对战」或「四人赛」开始匹配。";

    public static string Waiting(MatchKind kind, int waiting, int waitSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"⏳ 正在为您匹配{kind.Title()}（{waiting}/{kind.Size()} 人）。人齐后题目会推送给您，直接回复答案即可。\n") +
        (kind == MatchKind.Duel
            ? string.Create(CultureInfo.InvariantCulture, $"{waitSeconds} 秒内没有匹配到对手时，将为您取消匹配。")
            : string.Create(CultureInfo.InvariantCulture, $"{waitSeconds} 秒内凑不齐 4 人时，按现有人数开赛（至少 2 人）。")) +
        "发送「取消匹配」可退出。";

    public static string WaitingElsewhere(MatchKind other, MatchKind asked) =>
        $"您正在匹配{other.Title()}，请稍候。如需改为{asked.Title()}，请先发送「取消匹配」。";

    public static string Playing(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"🏆 匹配成功！题目会陆续推送给您，每题限时 {seconds} 秒，直接回复答案即可，答对越快得分越高。");

    public static string NoneFound(MatchKind kind) => kind == MatchKind.Duel
        ? "暂时没有其他党员在匹配对战，已为您取消匹配。请稍后再试，或发送「挑战」进行挑战答题。"
        : "暂时没有其他党员参加四人赛，已为您取消匹配。请稍后再试，或发送「对战」与一位党员比拼。";

    public static string Intro(Match match, MatchPlayer me) =>
        string.Create(CultureInfo.InvariantCulture,
            $"🏆 {match.Kind.Title()}开始！对手：{string.Join("、", match.Players.Where(p => p.MemberId != me.MemberId).Select(p => p.Name))}。共 {match.QuestionIds.Count} 题，每题 {match.Seconds} 秒，答对越快得分越高。");

    public static string Question(Match match, Question q, int index)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"【{match.Kind.Title()} 第{index + 1}/{match.QuestionIds.Count}题 · {match.Seconds}秒】{Study.Question.TypeName(q.Type)}题\n{q.Stem}\n"));
        for (var i = 0; i < q.Options.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(char)('A' + i)}. {q.Options[i]}\n");
        }

        return text.Append("👉 直接回复答案，越快得分越高").ToString();
    }

    /// <summary>The closed question's answer, what this player did, and the score so far.</summary>
    public static string Review(Match match, Question q, int index, MatchAnswer? mine, IReadOnlyDictionary<string, int> scores)
    {
        var verdict = mine switch
        {
            null => "⏱ 您没有作答",
            { Correct: true } a => string.Create(CultureInfo.InvariantCulture, $"✅ 您答对了，+{a.Points} 分"),
            _ => "❌ 您答错了",
        };
        var board = string.Join(" · ", match.Players.OrderByDescending(p => scores.GetValueOrDefault(p.MemberId))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {scores.GetValueOrDefault(p.MemberId)}")));
        return string.Create(CultureInfo.InvariantCulture, $"第{index + 1}题答案：{AnswerChecker.DescribeAnswer(q)}\n{verdict}\n比分：{board}");
    }

    public static string Answered(MatchAnswer answer, Question q, bool everyone, bool last)
    {
        var verdict = answer.Correct
            ? string.Create(CultureInfo.InvariantCulture, $"✅ 回答正确，+{answer.Points} 分（用时 {answer.ElapsedMs / 1000.0:0.0} 秒）。")
            : string.Create(CultureInfo.InvariantCulture, $"❌ 回答错误，正确答案：{AnswerChecker.DescribeAnswer(q)}（用时 {answer.ElapsedMs / 1000.0:0.0} 秒）。");
        return verdict + (everyone ? (last ? "结果马上公布。" : "下一题马上推送。") : "请等待其他选手作答。");
    }

    public static string Final(Match match, string review, IReadOnlyList<MatchRow> rows, MatchRow mine, string points)
    {
        var text = new StringBuilder($"🏆 {match.Kind.Title()}结束！\n").Append(review).Append("\n\n名次：\n");
        foreach (var row in rows)
        {
            var mark = row.Place <= Medals.Length ? Medals[row.Place - 1] : row.Place.ToString(CultureInfo.InvariantCulture) + ".";
            text.Append(CultureInfo.InvariantCulture, $"{mark} {row.Player.Name} {row.Score} 分 · 用时 {row.TimeMs / 1000.0:0.0} 秒\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"您获得第 {mine.Place} 名（共 {rows.Count} 人），得分 {mine.Score}，答对 {mine.Correct}/{match.QuestionIds.Count} 题。").Append(points);
        return text.Append(CultureInfo.InvariantCulture, $"\n发送「{match.Kind.Title()}」再来一局。").ToString();
    }

    public static string Points(MatchKind kind, int planned, int awarded, bool duplicate, bool played) => (planned, awarded, duplicate, played) switch
    {
        (_, _, _, false) => "\n本场您未作答，不计积分。",
        (0, _, _, _) => string.Empty,
        (_, > 0, _, _) => string.Create(CultureInfo.InvariantCulture, $"\n学习积分 +{awarded}。"),
        (_, _, true, _) => "\n本场积分已计入。",
        _ => $"\n今日{kind.Title()}积分已达上限，本场不再加分。",
    };
}
