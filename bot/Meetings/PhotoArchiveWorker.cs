using BranchBot.Bot.Hosting;
using BranchBot.Core.Meetings;

namespace BranchBot.Bot.Meetings;

/// <summary>Archives meeting photos before WeChat drops them; instances share the queue, each claim leased so a photo is fetched once.</summary>
internal sealed class PhotoArchiveWorker(PhotoArchiver archiver, PhotosOptions options, TimeProvider time, ILogger<PhotoArchiveWorker> logger)
    : RepeatingWorker(time, logger)
{
    protected override string Name => "Photo archiving";

    protected override TimeSpan Interval => options.Interval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken) =>
        await archiver.ArchiveDueAsync(cancellationToken) >= options.BatchSize;
}
