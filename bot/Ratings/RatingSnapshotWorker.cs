using BranchBot.Bot.Hosting;
using BranchBot.Core.Ratings;

namespace BranchBot.Bot.Ratings;

/// <summary>Keeps each closed month's, quarter's and year's stars as they stood when it closed.</summary>
internal sealed class RatingSnapshotWorker(RatingService ratings, RatingOptions options, TimeProvider time, ILogger<RatingSnapshotWorker> logger)
    : RepeatingWorker(time, logger)
{
    protected override string Name => "Star rating snapshot";

    protected override TimeSpan Interval => options.SnapshotInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        await ratings.SnapshotClosedAsync(cancellationToken);
        return false;
    }
}
