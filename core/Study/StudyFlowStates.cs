using System.Text.Json.Serialization;
using BranchBot.Core.Conversations;

namespace BranchBot.Core.Study;

/// <summary>
/// A question set in progress (每日答题, 专项答题): the drawn ids, the position of the one being asked, and the score
/// so far. <paramref name="SetId"/> keys the points ledger, so a redelivered answer cannot score twice.
/// </summary>
internal sealed record SetState(
    [property: JsonPropertyName("set")] string SetId,
    [property: JsonPropertyName("qs")] IReadOnlyList<string> Ids,
    [property: JsonPropertyName("i")] int Index,
    [property: JsonPropertyName("c")] int Correct,
    [property: JsonPropertyName("p")] int Points)
{
    public Question? Current(QuestionBank bank) => Index < Ids.Count ? bank.Find(Ids[Index]) : null;

    public Question? Next(QuestionBank bank) => Index + 1 < Ids.Count ? bank.Find(Ids[Index + 1]) : null;
}

/// <summary>A wrong-answer review in progress: the ids from the book, the position, and how many were right.</summary>
internal sealed record ReviewState(
    [property: JsonPropertyName("qs")] IReadOnlyList<string> Ids,
    [property: JsonPropertyName("i")] int Index,
    [property: JsonPropertyName("c")] int Correct)
{
    public Question? Current(QuestionBank bank) => Index < Ids.Count ? bank.Find(Ids[Index]) : null;

    public Question? Next(QuestionBank bank) => Index + 1 < Ids.Count ? bank.Find(Ids[Index + 1]) : null;
}

/// <summary>
/// A 挑战 run: the question being asked and when it was sent (its clock), the run length and points so far, and the
/// questions asked in this run, so a run never repeats a question or its fact. <paramref name="Asked"/> keeps eight
/// hex digits of each id (ids are <c>q</c> + hash), so a run of <c>Quiz:ChallengeMaxQuestions</c> (≤ 100) stays within
/// the session's 1 KB; two ids sharing a prefix only keep one more question out of the run.
/// </summary>
internal sealed record ChallengeState(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("q")] string QuestionId,
    [property: JsonPropertyName("at")] long AskedAtMs,
    [property: JsonPropertyName("n")] int Streak,
    [property: JsonPropertyName("p")] int Points,
    [property: JsonPropertyName("asked")] string Asked)
{
    private const int KeyLength = 8;

    public static ChallengeState First(string run, Question question, DateTimeOffset at) =>
        new(run, question.Id, at.ToUnixTimeMilliseconds(), 0, 0, Key(question.Id));

    public ChallengeState Next(Question question, DateTimeOffset at, int streak, int points) =>
        new(Run, question.Id, at.ToUnixTimeMilliseconds(), streak, points, Asked + Key(question.Id));

    public bool WasAsked(string id)
    {
        var key = Key(id);
        for (var i = 0; i + KeyLength <= Asked.Length; i += KeyLength)
        {
            if (Asked.AsSpan(i, KeyLength).SequenceEqual(key))
            {
                return true;
            }
        }

        return false;
    }

    private static string Key(string id) => id.Length > KeyLength ? id.Substring(1, KeyLength) : id.PadRight(KeyLength, '_');
}

/// <summary>The codecs of the study flows; bump a version when its record's shape changes.</summary>
internal static class StudyFlows
{
    public static readonly FlowCodec<SetState> Daily = new(DailyQuizFeature.FlowName, 1, StudyFlowJson.Default.SetState);

    public static readonly FlowCodec<SetState> Topic = new(TopicQuizFeature.FlowName, 1, StudyFlowJson.Default.SetState);

    public static readonly FlowCodec<ReviewState> Review = new(WrongBookFeature.FlowName, 1, StudyFlowJson.Default.ReviewState);

    public static readonly FlowCodec<ChallengeState> Challenge = new(ChallengeFeature.FlowName, 1, StudyFlowJson.Default.ChallengeState);
}

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SetState))]
[JsonSerializable(typeof(ReviewState))]
[JsonSerializable(typeof(ChallengeState))]
internal sealed partial class StudyFlowJson : JsonSerializerContext;
