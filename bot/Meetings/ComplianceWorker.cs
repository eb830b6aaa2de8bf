using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Telemetry;

using BranchBot.Bot.Hosting;

namespace BranchBot.Bot.Meetings;

/// <summary>Warns secretaries of branches behind the 三会一课 cadence.</summary>
internal sealed class ComplianceWorker(ComplianceMonitor monitor, ComplianceOptions options, TimeProvider time, ILogger<ComplianceWorker> logger)
    : RepeatingWorker(time, logger)
{
    protected override string Name => "Compliance check";

    protected override TimeSpan Interval => options.CheckInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        if (options.Enabled)
        {
            await monitor.RunOnceAsync(cancellationToken);
        }

        return false;
    }
}
