using System.Text.Json;
using BranchBot.Core.Study;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IQuestionStore
{
    public async Task<long> GetVersionAsync(CancellationToken cancellationToken) =>
        (long?)await connection.RunAsync(db => db.StringGetAsync(Keys.QuestionsVersion), cancellationToken) ?? 0;

    public async Task<QuestionSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var (version, entries) = await connection.RunAsync(async db =>
        {
            var versionTask = db.StringGetAsync(Keys.QuestionsVersion);
            var entriesTask = db.HashGetAllAsync(Keys.Questions);
            return (await versionTask, await entriesTask);
        }, cancellationToken);
        var questions = entries.Select(e => JsonSerializer.Deserialize<Question>((string)e.Value!)!).OrderBy(q => q.Id, StringComparer.Ordinal).ToList();
        return new QuestionSnapshot((long?)version ?? 0, questions);
    }

    public async Task<QuestionImportOutcome> UpsertAsync(IReadOnlyList<Question> questions, CancellationToken cancellationToken)
    {
        var known = (await connection.RunAsync(db => db.HashKeysAsync(Keys.Questions), cancellationToken)).Select(k => (string)k!).ToHashSet(StringComparer.Ordinal);
        var db = await connection.DatabaseAsync(cancellationToken);
        var transaction = db.CreateTransaction();
        _ = transaction.HashSetAsync(Keys.Questions, questions.Select(q => new HashEntry(q.Id, JsonSerializer.Serialize(q))).ToArray());
        _ = transaction.StringIncrementAsync(Keys.QuestionsVersion);
        if (!await connection.CommitAsync(transaction, cancellationToken))
        {
            throw new InvalidOperationException("question import transaction was not applied");
        }

        var added = questions.Count(q => !known.Contains(q.Id));
        return new QuestionImportOutcome(added, questions.Count - added);
    }
}
