using BranchBot.Core.Study;
using BranchBot.Core.Storage;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IQuestionStore"/> and shared counter must do; run once per adapter.</summary>
public abstract class QuestionStoreContractTests
{
    private static readonly Question Single = Make(QuestionType.Single, "党的最高理想和最终目标是什么？", ["实现共产主义", "全面建成小康社会", "实现社会主义现代化"], "A", "党章总纲明确规定。", "党章", 1);
    private static readonly Question Multiple = Make(QuestionType.Multiple, "“四个意识”包括哪些？", ["政治意识", "大局意识", "核心意识", "看齐意识"], "ABCD", "", "理论", 2);
    private static readonly Question TrueFalse = Make(QuestionType.TrueFalse, "预备党员的预备期为一年。", [], "对", "见党章第七条。", "党章", 1);
    private static readonly Question FillIn = Make(QuestionType.FillIn, "党的根本宗旨是全心全意为____服务。", [], "人民|人民群众", "\"为人民服务\" 出自 1944 年。\n第二行", "宗旨", 3);

    protected abstract IQuestionStore Questions { get; }

    protected abstract ISharedState Shared { get; }

    [Fact]
    public async Task Bank_Empty_IsVersionZeroWithNoQuestions()
    {
        Assert.Equal(0, await Questions.GetVersionAsync(default));
        var snapshot = await Questions.LoadAsync(default);
        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Questions);
    }

    [Fact]
    public async Task Upsert_NewQuestions_AreAddedAndBumpTheVersion()
    {
        Assert.Equal(new QuestionImportOutcome(2, 0), await Questions.UpsertAsync([Single, TrueFalse], default));

        Assert.Equal(1, await Questions.GetVersionAsync(default));
        Assert.Equal(1, (await Questions.LoadAsync(default)).Version);
    }

    [Fact]
    public async Task Upsert_KnownAndNewQuestions_CountsByIdAndUpdatesInPlace()
    {
        await Questions.UpsertAsync([Single, TrueFalse], default);
        var corrected = TrueFalse with { Answer = "错", Explanation = "预备期为一年，从支部大会通过之日算起。" };

        Assert.Equal(new QuestionImportOutcome(1, 1), await Questions.UpsertAsync([corrected, FillIn], default));

        var snapshot = await Questions.LoadAsync(default);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(3, snapshot.Questions.Count);
        AssertSame(corrected, Assert.Single(snapshot.Questions, q => q.Id == TrueFalse.Id));
    }

    [Fact]
    public async Task Upsert_NoQuestions_AddsAndUpdatesNothing()
    {
        await Questions.UpsertAsync([Single], default);

        Assert.Equal(new QuestionImportOutcome(0, 0), await Questions.UpsertAsync([], default));

        AssertSame(Single, Assert.Single((await Questions.LoadAsync(default)).Questions));
    }

    [Fact]
    public async Task Load_EveryType_RoundTripsEveryFieldAndOptionOrder()
    {
        Question[] all = [Single, Multiple, TrueFalse, FillIn];
        await Questions.UpsertAsync(all, default);

        var loaded = (await Questions.LoadAsync(default)).Questions.ToDictionary(q => q.Id);

        Assert.Equal(4, loaded.Count);
        foreach (var question in all)
        {
            AssertSame(question, loaded[question.Id]);
        }
    }

    [Fact]
    public async Task Increment_NewCounter_CountsUpFromOneAndReadsAsText()
    {
        Assert.Equal(1, await Shared.IncrementAsync("count", TimeSpan.FromMinutes(1), default));
        Assert.Equal(2, await Shared.IncrementAsync("count", TimeSpan.FromMinutes(1), default));
        Assert.Equal(3, await Shared.IncrementAsync("count", TimeSpan.FromMinutes(1), default));

        Assert.Equal("3", await Shared.GetAsync("count", default));
        Assert.Equal(1, await Shared.IncrementAsync("other", TimeSpan.FromMinutes(1), default));
    }

    private static Question Make(QuestionType type, string stem, string[] options, string answer, string explanation, string category, int difficulty) =>
        new(Question.IdentityOf(stem, options), type, stem, options, answer, explanation, category, difficulty);

    /// <summary>Field by field: records compare their option lists by reference.</summary>
    private static void AssertSame(Question expected, Question actual)
    {
        Assert.Equal(expected with { Options = [] }, actual with { Options = [] });
        Assert.Equal(expected.Options, actual.Options);
    }
}

public sealed class MemoryQuestionStoreContractTests : QuestionStoreContractTests
{
    private readonly ManualClock _clock = new();
    private readonly BranchBot.Adapters.Memory.MemoryStore _store;

    public MemoryQuestionStoreContractTests() => _store = TestStores.Memory(_clock);

    protected override IQuestionStore Questions => _store;

    protected override ISharedState Shared => _store;

    [Fact]
    public async Task Increment_TtlFromTheFirstIncrement_ExpiresTheCounterWhateverLaterIncrementsSay()
    {
        await _store.IncrementAsync("count", TimeSpan.FromMinutes(1), default);
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(2, await _store.IncrementAsync("count", TimeSpan.FromMinutes(10), default));

        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Null(await _store.GetAsync("count", default));
        Assert.Equal(1, await _store.IncrementAsync("count", TimeSpan.FromMinutes(1), default));
    }
}

public sealed class RedisQuestionStoreContractTests : QuestionStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IQuestionStore Questions => _redis.Store;

    protected override ISharedState Shared => _redis.Store;

    [Fact]
    public async Task Increment_TtlFromTheFirstIncrement_IsSetOnceOnTheKey()
    {
        var db = await _redis.Connection.DatabaseAsync(default);
        var key = _redis.Prefix + "shared:count";

        await _redis.Store.IncrementAsync("count", TimeSpan.FromMinutes(1), default);
        Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromMinutes(1));

        await _redis.Store.IncrementAsync("count", TimeSpan.FromMinutes(10), default);
        Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromMinutes(1));
    }

    public void Dispose() => _redis.Dispose();
}
