using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BranchBot.Core.Telemetry;

/// <summary>
/// The domain's own figures, on the <c>BranchBot</c> meter the host creates (one per host, so two hosts in one
/// process count apart). Tags are low-cardinality words (message type, outcome, channel, reason): never an openid,
/// a member id or a phone number.
/// </summary>
public sealed class BotMetrics
{
    public const string MeterName = "BranchBot";

    /// <summary>Traces: a span per push (webhook → inbox → feature), store calls below it.</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    public BotMetrics(Meter meter)
    {
        Meter = meter;
        Pushes = meter.CreateCounter<long>("branchbot.pushes", "{push}", "Pushes from WeChat, by message type and outcome (replied, no_reply, duplicate, in_progress, deferred, store_unavailable, failed).");
        Rejected = meter.CreateCounter<long>("branchbot.pushes.rejected", "{push}", "Pushes refused before processing, by reason.");
        ReplyDuration = meter.CreateHistogram("branchbot.reply.duration", "s", "From a push's arrival to the answer written to WeChat.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 10] });
        Deliveries = meter.CreateCounter<long>("branchbot.deliveries", "{delivery}", "Notices delivered, by channel (template, sms, none) and outcome (sent, failed, skipped, retry).");
        SmsFallbacks = meter.CreateCounter<long>("branchbot.sms.fallbacks", "{delivery}", "Notices sent by SMS because the template message could not reach the member.");
        TokenRefreshes = meter.CreateCounter<long>("branchbot.wechat.token.refreshes", "{refresh}", "Access-token fetches from WeChat, by outcome (ok, failed).");
        CompetitionAnswers = meter.CreateCounter<long>("branchbot.competition.answers", "{answer}", "Competition answers, by outcome (correct, wrong, late, duplicate, closed).");
        meter.CreateObservableGauge("branchbot.reminders.queue.depth", () => ReminderQueue.Waiting, "{job}", "Notices waiting in the reminder queue (due or not), as last sampled.");
        meter.CreateObservableGauge("branchbot.reminders.queue.lag", () => ReminderQueue.Lag, "s", "How long the earliest waiting notice has been due (0 when none is overdue), as last sampled.");
        CompetitionPushLag = meter.CreateHistogram("branchbot.competition.push.lag", "s", "From the start of a competition fan-out to each participant's push being accepted.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60] });
    }

    /// <summary>The reminder queue as last sampled by this instance's dispatcher (gauges read it).</summary>
    public QueueSample ReminderQueue { get; } = new();

    /// <summary>Counts nothing anyone reads: for code built without a host (unit tests).</summary>
    public static BotMetrics Disabled { get; } = new(new Meter(MeterName + ".Disabled"));

    public Meter Meter { get; }

    public Counter<long> Pushes { get; }

    public Counter<long> Rejected { get; }

    public Histogram<double> ReplyDuration { get; }

    public Counter<long> Deliveries { get; }

    public Counter<long> SmsFallbacks { get; }

    public Counter<long> TokenRefreshes { get; }

    public Counter<long> CompetitionAnswers { get; }

    public Histogram<double> CompetitionPushLag { get; }

    public void Push(string messageType, string outcome) =>
        Pushes.Add(1, new KeyValuePair<string, object?>("message_type", messageType), new KeyValuePair<string, object?>("outcome", outcome));

    public void Delivery(string channel, string outcome) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));
}

/// <summary>The last sample of the reminder queue: waiting jobs and how overdue the earliest is.</summary>
public sealed class QueueSample
{
    private long _waiting;
    private double _lag;

    public long Waiting => Interlocked.Read(ref _waiting);

    public double Lag => Volatile.Read(ref _lag);

    public void Record(long waiting, TimeSpan lag)
    {
        Interlocked.Exchange(ref _waiting, waiting);
        Volatile.Write(ref _lag, Math.Max(0, lag.TotalSeconds));
    }
}
