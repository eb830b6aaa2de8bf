using System.Globalization;
using System.Text;
using BranchBot.Core.Study;

namespace BranchBot.Core.Competitions;

/// <summary>What a competition says to participants and to the group.</summary>
internal static class CompetitionTexts
{
    private static readonly string[] Medals = ["🥇", "🥈", "🥉"];

    public static string Question(Question q, int index, int count, int seconds)
    {
        var text = new StringBuilder($"【知识竞赛 第{index + 1}/{count}题 · {seconds}秒】{Study.Question.TypeName(q.Type)}题\n{q.Stem}\n");
        for (var i = 0; i < q.Options.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(char)('A' + i)}. {q.Options[i]}\n");
        }

        return text.Append("👉 直接回复答案，越快得分越高").ToString();
    }

    public static string Review(Question q, int index, int count, AnswerOutcome? mine, IReadOnlyList<Standing> standings, string memberId, int participants, string top, bool auto)
    {
        var text = new StringBuilder($"第{index + 1}题答案：{AnswerChecker.DescribeAnswer(q)}\n");
        text.Append(mine switch
        {
            null => "⏱ 您没有作答",
            { Correct: true } a => $"✅ 您答对了，+{a.Points} 分（用时 {a.ElapsedMs / 1000.0:0.0} 秒" + (a.Streak > 1 ? $"，连对 {a.Streak} 题）" : "）"),
            _ => "❌ 您答错了",
        }).Append('\n');
        var me = standings.FirstOrDefault(s => s.MemberId == memberId);
        text.Append(me is null ? "总分 0" : $"总分 {me.Points}，当前第 {me.Rank}/{participants} 名").Append('\n');
        text.Append("🏅 前五名：\n").Append(top);
        if (index + 1 < count)
        {
            text.Append(auto ? "\n下一题马上开始…" : "\n等待主持人出下一题…");
        }

        return text.ToString();
    }

    public static string Top(IEnumerable<Standing> top, IReadOnlyDictionary<string, string> names)
    {
        var lines = top.Select(s => $"{s.Rank}. {names.GetValueOrDefault(s.MemberId, "?")} {s.Points}").ToList();
        return lines.Count == 0 ? "暂无人得分" : string.Join("\n", lines);
    }

    public static string Podium(CompetitionResult result) =>
        string.Join("\n", result.Individuals.Where(r => r.Rank <= 3 && r.Points > 0).Take(3).Select((r, i) => $"{Medals[Math.Min(r.Rank, 3) - 1]} {r.Name} {r.Points} 分"));

    public static string Teams(IReadOnlyList<TeamRow> teams) =>
        "团队排名（按人均得分）：\n" + string.Join("\n", teams.Select(t => $"{t.Rank}. {t.Name} 人均 {t.Average:0.#} 分（{t.Members} 人）"));

    public static string Final(string podium, ResultRow mine, int participants, string teams)
    {
        var text = new StringBuilder("🏆 竞赛结束！\n").Append(podium.Length == 0 ? "本场无人得分" : podium)
            .Append(CultureInfo.InvariantCulture, $"\n您的成绩：{mine.Points} 分，第 {mine.Rank}/{participants} 名");
        return (teams.Length > 0 ? text.Append('\n').Append(teams) : text).ToString();
    }

    public static string RobotQuestion(Room room, Question q, int index) =>
        $"### {room.Title} 第{index + 1}/{room.QuestionIds.Count}题\n{q.Stem}\n" +
        string.Join("\n", q.Options.Select((o, i) => $"> {(char)('A' + i)}. {o}")) + $"\n请在公众号里作答（{room.Seconds} 秒）";

    public static string RobotStandings(Room room, int index, Question q, string top, int answered, int participants) =>
        $"### {room.Title} 第{index + 1}题结果\n正确答案：**{AnswerChecker.DescribeAnswer(q)}**（{answered}/{participants} 人作答）\n**前五名**\n{top}";

    public static string RobotFinal(Room room, string podium, string teams) =>
        $"## 🏆 {room.Title} 结束\n{(podium.Length == 0 ? "本场无人得分" : podium)}" + (teams.Length > 0 ? "\n\n" + teams : string.Empty);
}
