using BranchBot.Bot.Hosting;
using BranchBot.Core.Bulletins;

namespace BranchBot.Bot.Bulletins;

/// <summary>Sends the monthly bulletin on the first working day of the month (once however many instances run).</summary>
internal sealed class BulletinWorker(BulletinService bulletins, BulletinOptions options, TimeProvider time, ILogger<BulletinWorker> logger)
    : RepeatingWorker(time, logger)
{
    protected override string Name => "Monthly bulletin";

    protected override TimeSpan Interval => options.CheckInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        await bulletins.RunOnceAsync(cancellationToken);
        return false;
    }
}
