using System.Text;

namespace BranchBot.Core.Study;

/// <summary>How a member's reply compares with the answer; an unrecognised reply is asked again rather than marked wrong.</summary>
public enum AnswerVerdict
{
    Correct,
    Wrong,
    Unrecognised,
}

/// <summary>Marks replies typed on a phone keyboard: full-width letters, lower case, separators and stray spaces are all accepted.</summary>
public static partial class AnswerChecker
{
    public static AnswerVerdict Check(Question question, string input)
    {
        var text = input.Normalize(NormalizationForm.FormKC).Trim();
        switch (question.Type)
        {
            case QuestionType.Single:
            case QuestionType.Multiple:
                var letters = ChoiceLetters.Read(text, question.Options.Count);
                if (letters is null || (question.Type == QuestionType.Single && letters.Length != 1))
                {
                    return AnswerVerdict.Unrecognised;
                }

                return Verdict(ChoiceLetters.Canonical(letters) == ChoiceLetters.Canonical(question.Answer));
            case QuestionType.TrueFalse:
                var word = TrueFalseWords.Read(text);
                return word is null ? AnswerVerdict.Unrecognised : Verdict(word == question.Answer);
            default:
                var reply = FillInKey(text);
                if (reply.Length == 0)
                {
                    return AnswerVerdict.Unrecognised;
                }

                var readings = Readings(reply, question.Stem);
                return Verdict(question.Answer.Split('|').Any(alternative => readings.Contains(FillInKey(alternative))));
        }
    }

    /// <summary>The answer as shown after a reply: the letters with their option texts, or the first accepted text.</summary>
    public static string DescribeAnswer(Question question)
    {
        switch (question.Type)
        {
            case QuestionType.Single:
                var index = question.Answer[0] - 'A';
                return $"{question.Answer}. {question.Options[index]}";
            case QuestionType.Multiple:
                var letters = question.Answer.Select(c => c.ToString());
                var texts = question.Answer.Select(c => question.Options[c - 'A']);
                return $"{string.Join("、", letters)}（{string.Join("；", texts)}）";
            case QuestionType.TrueFalse:
                return question.Answer;
            default:
                return question.Answer.Split('|')[0];
        }
    }

    private static AnswerVerdict Verdict(bool correct) => correct ? AnswerVerdict.Correct : AnswerVerdict.Wrong;

    /// <summary>
    /// The reply, and the reply without the words that follow the blank in the stem: a member who writes 「遵义会议」
    /// for 「（ ）会议」 or 「1年」 for 「（ ）年」 has filled the blank with 遵义 or 1.
    /// </summary>
    private static HashSet<string> Readings(string reply, string stem)
    {
        var readings = new HashSet<string>(StringComparer.Ordinal) { reply };
        var blank = Blank().Match(stem);
        if (!blank.Success)
        {
            return readings;
        }

        var after = FillInKey(stem[(blank.Index + blank.Length)..]);
        for (var length = 1; length <= Math.Min(MaxTrailingWords, after.Length); length++)
        {
            var tail = after[..length];
            if (reply.Length > length && reply.EndsWith(tail, StringComparison.Ordinal))
            {
                readings.Add(reply[..^length]);
            }
        }

        return readings;
    }

    /// <summary>How many characters after the blank a reply may repeat (会议, 起义, 年, 周年…).</summary>
    private const int MaxTrailingWords = 3;

    [System.Text.RegularExpressions.GeneratedRegex(@"[（(][\s\u3000]*[）)]|_{2,}")]
    private static partial System.Text.RegularExpressions.Regex Blank();

    /// <summary>What a fill-in reply is compared by: width, case, spaces and a closing full stop or exclamation do not count.</summary>
    private static string FillInKey(string text)
    {
        var key = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString().TrimEnd('。', '.', '!', '！');
    }
}
