namespace BranchBot.Core.Study;

/// <summary>Port for the question bank shared by all instances. Its version changes whenever questions change.</summary>
public interface IQuestionStore
{
    Task<long> GetVersionAsync(CancellationToken cancellationToken);

    Task<QuestionSnapshot> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Adds new questions and updates known ones (same identity), all at once.</summary>
    Task<QuestionImportOutcome> UpsertAsync(IReadOnlyList<Question> questions, CancellationToken cancellationToken);
}

public sealed record QuestionSnapshot(long Version, IReadOnlyList<Question> Questions);

public sealed record QuestionImportOutcome(int Added, int Updated);
