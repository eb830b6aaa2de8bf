using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;

namespace BranchBot.Benchmarks;

/// <summary>
/// Reminders at scale: N members in N/100 branches (80% bound to WeChat, 20% SMS only), one 支部党员大会 per branch
/// created through <see cref="MeetingScheduler"/> (two reminders per attendee), then the clock moved past both
/// reminders and the queue drained by several instances at once. Checks every delivery arrived exactly once.
/// </summary>
internal static class RemindersBenchmark
{
    private const double GoalSendsPerSecond = 2000;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var members = options.Int("members", 10_000, 100, 1_000_000);
        var instances = options.Int("instances", 2, 1, 16);
        var branches = Math.Max(1, members / 100);
        var extra = new Dictionary<string, string?>();
        if (options.OptionalInt("batch", 1, 5000) is { } batch)
        {
            extra["Reminders:BatchSize"] = batch.ToString(CultureInfo.InvariantCulture);
        }

        if (options.OptionalInt("parallelism", 1, 512) is { } parallelism)
        {
            extra["Reminders:Parallelism"] = parallelism.ToString(CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"== reminders: {members} members in {branches} branches, {instances} dispatching instance(s)");
        await using var env = await BenchEnvironment.StartAsync();
        var machine = await Machine.DescribeAsync(env.Redis);
        var timings = options.Flag("breakdown") ? new CallTimings() : null;
        for (var i = 0; i < instances; i++)
        {
            await env.AddHostAsync(extra, timings is null ? null : services =>
            {
                timings.Decorate<IReminderQueue>(services);
                timings.Decorate<IMeetingStore>(services);
                timings.Decorate<IMemberStore>(services);
                timings.Decorate<ITemplateNotifier>(services);
                timings.Decorate<ISmsSender>(services);
            });
        }

        return (await RunOnAsync(env, machine, members, timings, null, cancellationToken)).Exit;
    }

    /// <summary>
    /// The run on hosts already started (every host dispatches). <paramref name="phase"/> is called when the roster,
    /// the planning and the dispatch are done, with that name (the cluster benchmark reads its shard counters there).
    /// </summary>
    public static async Task<(int Exit, SyntheticRoster Roster)> RunOnAsync(BenchEnvironment env, Machine machine, int members, CallTimings? timings,
        Func<string, Task>? phase, CancellationToken cancellationToken)
    {
        var instances = env.Hosts.Count;
        var branches = Math.Max(1, members / 100);
        var first = env.Hosts[0];
        var reminderOptions = BenchEnvironment.Get<RemindersOptions>(first);
        Console.WriteLine($"settings: Reminders:BatchSize {reminderOptions.BatchSize}, Reminders:Parallelism {reminderOptions.Parallelism}, Sms:RatePerSecond 1000 and WeChat:ApiRatePerSecond 10000 per instance");

        var watch = Stopwatch.StartNew();
        var roster = await SyntheticRoster.ImportAsync(BenchEnvironment.Get<IMemberStore>(first), members, branches, i => i % 5 != 4, cancellationToken);
        Console.WriteLine($"roster: imported and bound {roster.OpenIds.Count} of {members} in {watch.Elapsed.TotalSeconds:0.0} s");
        await (phase?.Invoke("roster") ?? Task.CompletedTask);

        // Planning: one meeting per branch, three days ahead, through the scheduler (save + plan + queue).
        var scheduler = BenchEnvironment.Get<MeetingScheduler>(first);
        var start = env.Clock.GetUtcNow() + TimeSpan.FromDays(3);
        var meetings = new List<(Meeting Meeting, int Attendees)>();
        var perMeeting = new List<double>();
        timings?.Clear();
        watch.Restart();
        foreach (var branch in roster.Branches)
        {
            var one = Stopwatch.StartNew();
            var result = await scheduler.CreateAsync(new MeetingDraft(branch.Id, MeetingType.PartyCongress, start, "三楼会议室"), "bench", cancellationToken);
            perMeeting.Add(one.Elapsed.TotalMilliseconds);
            meetings.Add((result.Meeting ?? throw new InvalidOperationException(result.Error), result.Attendees));
        }

        var planning = watch.Elapsed;
        await (phase?.Invoke("planning") ?? Task.CompletedTask);
        var queue = BenchEnvironment.Get<IReminderQueue>(first);
        var queued = 0;
        foreach (var (meeting, _) in meetings)
        {
            queued += (await queue.ListAsync(meeting.Id, cancellationToken)).Count;
        }

        var expectedJobs = meetings.Sum(m => m.Attendees) * reminderOptions.OffsetsFor(MeetingType.PartyCongress).Count;
        Console.WriteLine($"planning: {meetings.Count} meetings, {queued} jobs queued (expected {expectedJobs}) in {planning.TotalSeconds:0.00} s " +
            $"= {queued / planning.TotalSeconds:0} jobs/s; per meeting {Latencies.Summary(perMeeting)}");

        // Dispatch: half an hour before the start both reminders (24 h and 1 h before) are due.
        env.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(30));
        if (timings is not null)
        {
            Console.WriteLine("breakdown of the planning (time per call, to the completion of its task):");
            timings.Print();
            timings.Clear();
        }

        var claimed = new int[instances];
        await (phase?.Invoke("listing the queue") ?? Task.CompletedTask);
        var cpuBefore = machine.CpuSeconds();
        watch.Restart();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(Math.Max(4, expectedJobs / 40_000.0)));
        await Task.WhenAll(env.Hosts.Select((host, i) => Task.Run(async () =>
        {
            var dispatcher = BenchEnvironment.Get<ReminderDispatcher>(host);
            int batch;
            while ((batch = await dispatcher.DispatchDueAsync(deadline.Token)) > 0)
            {
                claimed[i] += batch;
            }
        }, deadline.Token)));
        var dispatch = watch.Elapsed;
        var cpuAfter = machine.CpuSeconds();
        await (phase?.Invoke("dispatch") ?? Task.CompletedTask);
        if (timings is not null)
        {
            Console.WriteLine("breakdown of the dispatch (time per call, to the completion of its task):");
            timings.Print();
        }

        // What the fakes received, against what should have gone out.
        var expectedTemplates = new HashSet<string>(StringComparer.Ordinal);
        var expectedSms = new HashSet<string>(StringComparer.Ordinal);
        var offsets = reminderOptions.OffsetsFor(MeetingType.PartyCongress);
        foreach (var (meeting, _) in meetings)
        {
            foreach (var member in roster.Plan.Members.Where(m => m.BranchId == meeting.BranchId))
            {
                foreach (var offset in offsets)
                {
                    var job = ReminderPlanner.JobId(meeting.Id, member.Id, offset);
                    if (roster.OpenIds.ContainsKey(member.Id))
                    {
                        expectedTemplates.Add(ClientMsgId($"{job}:v{meeting.Version}:tpl"));
                    }
                    else
                    {
                        expectedSms.Add($"{job}:v{meeting.Version}:sms");
                    }
                }
            }
        }

        var templateIds = env.Api.CallsTo("message/template/send").Select(c => c.Json["client_msg_id"]!.GetValue<string>()).ToList();
        var smsIds = env.Sms.Calls.Where(c => c.SignatureValid).Select(c => c["OutId"]).ToList();
        var badSignatures = env.Sms.Calls.Count(c => !c.SignatureValid);
        var duplicates = templateIds.Count - templateIds.Distinct().Count() + smsIds.Count - smsIds.Distinct().Count();
        var losses = expectedTemplates.Except(templateIds).Count() + expectedSms.Except(smsIds).Count();
        var unexpected = templateIds.Distinct().Except(expectedTemplates).Count() + smsIds.Distinct().Except(expectedSms).Count();

        // What the bot recorded: one outcome per job, all sent; nothing left in the queue.
        var outcomes = new List<DeliveryOutcome>();
        var left = 0;
        foreach (var (meeting, _) in meetings)
        {
            outcomes.AddRange(await queue.ListOutcomesAsync(meeting.Id, cancellationToken));
            left += (await queue.ListAsync(meeting.Id, cancellationToken)).Count;
        }

        var sentOutcomes = outcomes.Where(o => o.Status == DeliveryStatus.Sent).ToList();
        var jobsWithOutcome = sentOutcomes.Select(o => o.JobId).Distinct().Count();
        var otherOutcomes = outcomes.Count - sentOutcomes.Count;

        var sends = templateIds.Count + smsIds.Count;
        var throughput = sends / dispatch.TotalSeconds;
        Console.WriteLine($"dispatch: {claimed.Sum()} jobs claimed ({string.Join(" + ", claimed)} by instance) in {dispatch.TotalSeconds:0.00} s");
        Console.WriteLine($"  template sends {templateIds.Count} (expected {expectedTemplates.Count}), SMS sends {smsIds.Count} (expected {expectedSms.Count})" +
            (badSignatures > 0 ? $", {badSignatures} SMS with a bad signature" : string.Empty));
        var cpuPerSend = (cpuAfter.Dotnet - cpuBefore.Dotnet + cpuAfter.Redis - cpuBefore.Redis) / sends * 1000;
        Console.WriteLine($"  throughput {throughput:0} sends/s; CPU during dispatch: {cpuAfter.Since(cpuBefore, dispatch)}");
        Console.WriteLine($"  CPU per send {cpuPerSend:0.00} ms (bot, fakes and Redis together): {Environment.ProcessorCount / cpuPerSend * 1000:0} sends/s if all cores did nothing else");
        Console.WriteLine($"  duplicates {duplicates}, losses {losses}, unexpected {unexpected}");
        Console.WriteLine($"  outcomes recorded: {sentOutcomes.Count} sent ({sentOutcomes.Count(o => o.Channel == DeliveryChannel.Template)} template, " +
            $"{sentOutcomes.Count(o => o.Channel == DeliveryChannel.Sms)} SMS) for {jobsWithOutcome} of {expectedJobs} jobs, {otherOutcomes} other; {left} jobs left in the queue");

        var exact = duplicates == 0 && losses == 0 && unexpected == 0 && badSignatures == 0;
        var recorded = jobsWithOutcome == expectedJobs && sentOutcomes.Count == expectedJobs && otherOutcomes == 0 && left == 0 && queued == expectedJobs;
        Console.WriteLine($"goal: ≥ {GoalSendsPerSecond:0} sends/s: {(throughput >= GoalSendsPerSecond ? "met" : "MISSED")} ({throughput:0}); " +
            $"zero duplicates, zero losses: {(exact ? "met" : "MISSED")}; every outcome recorded: {(recorded ? "yes" : "NO")}");
        return (exact && recorded ? 0 : 1, roster);
    }

    /// <summary>The dispatcher's client_msg_id for a delivery key (the wire contract: "bb" + 30 hex of its SHA-256).</summary>
    private static string ClientMsgId(string key) => "bb" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..30];
}
