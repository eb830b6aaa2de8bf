using System.Text;
using BranchBot.Core.Conversations;
using BranchBot.Core.Inbox;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Study;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Conversations;

public sealed class FlowStateTests
{
    private static readonly string[] BankIds = QuestionBankParser.ParseJson(File.ReadAllText(RepoRoot.PathOf("bot", "SampleData", "questions.json")))
        .Rows.Select(q => q.Id).ToArray();

    [Fact]
    public void SessionCodec_RoundTripsFlowVersionAndState()
    {
        var session = StudyFlows.Daily.Write(new SetState("s1", ["qa", "qb"], 1, 1, 2));
        var decoded = SessionCodec.Decode(SessionCodec.Encode(session));
        Assert.Equal(session, decoded);
        Assert.Equal(new SetState("s1", ["qa", "qb"], 1, 1, 2).Ids, StudyFlows.Daily.Read(decoded)!.Ids);
        Assert.Equal("{}", SessionCodec.Encode(Session.Empty));
        Assert.Equal(Session.Empty, SessionCodec.Decode("{}"));
    }

    [Theory]
    [InlineData("""{"f":"daily","s":"answer","d":{"qs":"qa,qb","i":"0","c":"0","set":"s1","p":"0"}}""")]
    [InlineData("""{"f":"daily","v":99,"d":{"set":"s1","qs":["qa"],"i":0,"c":0,"p":0}}""")]
    [InlineData("""{"f":"daily","v":1,"d":{"set":"s1","qs":"qa","i":0,"c":0,"p":0}}""")]
    [InlineData("""{"f":"daily","v":1,"d":{"set":"s1","i":0,"c":0,"p":0}}""")]
    [InlineData("""{"f":"daily","v":1,"d":{"set":null,"qs":["qa"],"i":0,"c":0,"p":0}}""")]
    [InlineData("""{"f":"daily","v":1,"d":"garbage"}""")]
    [InlineData("""{"f":"daily","v":1}""")]
    public void Read_OldOtherOrBrokenState_IsNullNeverAnException(string stored)
    {
        var session = SessionCodec.Decode(stored);
        Assert.Equal("daily", session.Flow);
        Assert.Null(StudyFlows.Daily.Read(session));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"f":1}""")]
    [InlineData("""{"f":"daily","v":1,"d":{"set":""")]
    public void Decode_Unreadable_IsAFreshSession(string stored) => Assert.Equal(Session.Empty, SessionCodec.Decode(stored));

    [Fact]
    public void Read_AnotherFlowsSession_IsNull()
    {
        var challenge = StudyFlows.Challenge.Write(new ChallengeState("r", "qa", 0, 0, 0, "00000000"));
        Assert.Null(StudyFlows.Daily.Read(challenge));
        Assert.NotNull(StudyFlows.Challenge.Read(challenge));
    }

    [Fact]
    public void LargestStateOfEveryFlow_FitsInOneKilobyte()
    {
        var options = new QuizOptions { ChallengeMaxQuestions = 100, SetSize = 20 };
        var longest = BankIds.OrderByDescending(id => id.Length).ToArray();
        var set = new SetState(new string('s', 32), longest.Take(options.SetSize).ToArray(), options.SetSize - 1, options.SetSize, 1000);
        var challenge = ChallengeState.First(new string('r', 32), Question(longest[0]), DateTimeOffset.MaxValue.AddYears(-1));
        foreach (var id in longest.Skip(1).Take(options.ChallengeMaxQuestions - 1))
        {
            challenge = challenge.Next(Question(id), DateTimeOffset.MaxValue.AddYears(-1), 999, 9999);
        }

        Session[] sessions =
        [
            StudyFlows.Daily.Write(set),
            StudyFlows.Topic.Write(set),
            StudyFlows.Review.Write(new ReviewState(set.Ids, set.Index, set.Correct)),
            StudyFlows.Challenge.Write(challenge),
        ];
        foreach (var session in sessions)
        {
            var bytes = Encoding.UTF8.GetByteCount(SessionCodec.Encode(session));
            Assert.True(bytes <= 1024, $"{session.Flow}: {bytes} bytes");
        }

        Assert.All(longest.Take(options.ChallengeMaxQuestions), id => Assert.True(challenge.WasAsked(id)));
        Assert.False(challenge.WasAsked(longest[^1]));
    }

    [Fact]
    public async Task AnswerToAQuizSavedBeforeAnUpgrade_GetsAPoliteRestartAndTheNextSetWorks()
    {
        await using var bot = await StudyBot.StartAsync();
        await bot.BindAsync("oUpgrade", "赵一", "0002");
        Assert.Contains("每日答题 1/", await bot.SayAsync("oUpgrade", "答题"));

        // The session as the previous release wrote it: string keys, no version.
        var store = bot.Bot.Services.GetRequiredService<IConversationStore>();
        var current = await store.LoadSessionAsync("oUpgrade", default);
        await store.ClaimAsync("upgrade|1", "oUpgrade", default);
        var old = SessionCodec.Decode("""{"f":"daily","s":"answer","d":{"qs":"qa,qb","i":"0","c":"0","set":"s1","p":"0"}}""");
        Assert.IsType<CommitOutcome.Committed>(await store.CommitAsync("upgrade|1", "oUpgrade", new SessionUpdate(current.Version, old), "r", "success", default));

        var reply = await bot.SayAsync("oUpgrade", "A");
        Assert.Equal(string.Format(RouterTexts.FlowExpired, "答题"), reply);
        Assert.False((await store.LoadSessionAsync("oUpgrade", default)).Session.InFlow);
        Assert.Contains("每日答题 1/", await bot.SayAsync("oUpgrade", "答题"));
    }

    private static Question Question(string id) =>
        new(id, QuestionType.TrueFalse, "题干", [], "对", "解析", "党章", 1);
}
