using BranchBot.Core.Study;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IQuestionStore
{
    private readonly Dictionary<string, Question> _questions = new(StringComparer.Ordinal);
    private long _bankVersion;

    public Task<long> GetVersionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_bankVersion);
        }
    }

    public Task<QuestionSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new QuestionSnapshot(_bankVersion, _questions.Values.OrderBy(q => q.Id, StringComparer.Ordinal).ToList()));
        }
    }

    public Task<QuestionImportOutcome> UpsertAsync(IReadOnlyList<Question> questions, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var added = questions.Count(q => !_questions.ContainsKey(q.Id));
            foreach (var question in questions)
            {
                _questions[question.Id] = question;
            }

            _bankVersion++;
            return Task.FromResult(new QuestionImportOutcome(added, questions.Count - added));
        }
    }
}
