namespace BranchBot.Core.Talks;

/// <summary>谈心谈话 records per branch and China year.</summary>
public interface ITalkStore
{
    /// <summary>Adds the talk unless one with its id is recorded already; true when added.</summary>
    Task<bool> AddTalkAsync(Talk talk, CancellationToken cancellationToken);

    /// <summary>The branch's talks dated in that year, oldest first.</summary>
    Task<IReadOnlyList<Talk>> ListTalksAsync(string branchId, int year, CancellationToken cancellationToken);
}
