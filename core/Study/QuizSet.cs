using System.Globalization;
using BranchBot.Core.Conversations;

namespace BranchBot.Core.Study;

/// <summary>A set of questions kept in the session: their ids ("qs") and the position ("i") of the one being asked.</summary>
internal sealed record QuizSet(IReadOnlyList<string> Ids, int Index)
{
    public static Session Start(Session session, string flow, IEnumerable<Question> questions) =>
        session.Begin(flow, "answer").With("qs", string.Join(',', questions.Select(q => q.Id))).With("i", "0").With("c", "0");

    public static QuizSet Of(Session session) =>
        new(session.Get("qs")!.Split(','), int.Parse(session.Get("i")!, CultureInfo.InvariantCulture));

    /// <summary>The question being asked, or null when the set is over or its question left the bank.</summary>
    public Question? Current(QuestionBank bank) => Index < Ids.Count ? bank.Find(Ids[Index]) : null;

    /// <summary>The next question after this one, if any.</summary>
    public Question? Next(QuestionBank bank) => Index + 1 < Ids.Count ? bank.Find(Ids[Index + 1]) : null;
}
