namespace BranchBot.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (timers still run on real time).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
