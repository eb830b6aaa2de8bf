namespace BranchBot.Core.Study;

/// <summary>How a question and its hints look in a chat reply.</summary>
internal static class QuestionFormat
{
    private const string Letters = "ABCDEF";

    public static string Render(Question q, string title)
    {
        var lines = new List<string> { $"【{title}】{Question.TypeName(q.Type)}题 · {q.Category}", q.Stem };
        lines.AddRange(q.Options.Select((option, i) => $"{Letters[i]}. {option}"));
        lines.Add(HowToAnswer(q));
        return string.Join("\n", lines);
    }

    public static string HowToAnswer(Question q) => q.Type switch
    {
        QuestionType.Single => "👉 回复选项字母作答，如 A",
        QuestionType.Multiple => "👉 多选题，回复所有正确选项，如 AC",
        QuestionType.TrueFalse => "👉 回复「对」或「错」",
        _ => "👉 直接回复答案",
    };

    /// <summary>What to say when the reply fits no option: a hint, never a penalty.</summary>
    public static string Hint(Question q) => q.Type switch
    {
        QuestionType.Single => $"未能识别您的答案。本题为单选题，请回复 {Letters[..q.Options.Count].Aggregate("", (a, c) => a.Length == 0 ? c.ToString() : a + "/" + c)} 中的一个字母。",
        QuestionType.Multiple => "未能识别您的答案。本题为多选题，请回复所有正确选项的字母，如 AC。",
        QuestionType.TrueFalse => "未能识别您的答案。本题为判断题，请回复「对」或「错」。",
        _ => "请直接回复答案文字。",
    } + "（发送「退出」可结束答题）";

    public static string Verdict(Question q, bool correct) =>
        (correct ? "✅ 回答正确！" : "❌ 回答错误。正确答案：" + AnswerChecker.DescribeAnswer(q)) +
        (string.IsNullOrWhiteSpace(q.Explanation) ? string.Empty : "\n解析：" + q.Explanation) +
        (string.IsNullOrWhiteSpace(q.Source) ? string.Empty : "\n依据：" + q.Source);
}
