namespace BranchBot.Core.Study;

/// <summary>An immutable snapshot of the bank, indexed for drawing; replaced whole when the bank's version changes.</summary>
public sealed class QuestionBank
{
    private readonly Dictionary<string, Question> _byId;

    public QuestionBank(long version, IReadOnlyList<Question> questions)
    {
        Version = version;
        All = questions;
        _byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
    }

    public static QuestionBank Empty { get; } = new(0, []);

    public long Version { get; }

    public IReadOnlyList<Question> All { get; }

    public Question? Find(string id) => _byId.GetValueOrDefault(id);
}

/// <summary>
/// The bank as this instance sees it: read from the store at start and again whenever the store's version moves,
/// so a question-bank import reaches every instance without a restart.
/// </summary>
public sealed class QuestionBankCache(IQuestionStore store)
{
    private volatile QuestionBank _current = QuestionBank.Empty;

    public QuestionBank Current => _current;

    /// <summary>True once the store's bank (empty or not) has been read: the instance can answer 答题.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Reloads if the store has a newer version; true if it did.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var version = await store.GetVersionAsync(cancellationToken);
        if (version == _current.Version && Loaded)
        {
            return false;
        }

        var snapshot = await store.LoadAsync(cancellationToken);
        _current = new QuestionBank(snapshot.Version, snapshot.Questions);
        Loaded = true;
        return true;
    }
}
