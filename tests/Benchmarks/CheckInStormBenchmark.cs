using System.Diagnostics;
using System.Net.Http.Headers;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Benchmarks;

/// <summary>
/// A check-in storm: one meeting of N bound members; inside the check-in window every member sends
/// 「签到 code」 once, as WeChat would (signed pushes over HTTP to the real webhook), spread evenly over the given
/// seconds (0: as fast as the concurrency allows). Checks every member ends up Present in the store.
/// </summary>
internal static class CheckInStormBenchmark
{
    private static readonly TimeSpan WeChatDeadline = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var members = options.Int("members", 5_000, 1, 200_000);
        var seconds = options.Int("seconds", 60, 0, 3600);
        var concurrency = options.Int("concurrency", 64, 1, 4096);
        var encrypt = options.Flag("aes");
        Console.WriteLine($"== checkin-storm: {members} members, " + (seconds > 0 ? $"spread over {seconds} s" : "as fast as possible") +
            $", at most {concurrency} requests in flight, {(encrypt ? "safe mode (AES)" : "plaintext")} pushes");

        await using var env = await BenchEnvironment.StartAsync();
        var machine = await Machine.DescribeAsync(env.Redis);
        var bot = await env.AddHostAsync();
        var roster = await SyntheticRoster.ImportAsync(BenchEnvironment.Get<IMemberStore>(bot), members, 1, _ => true, cancellationToken);

        var created = await BenchEnvironment.Get<MeetingScheduler>(bot).CreateAsync(
            new MeetingDraft(roster.Branches[0].Id, MeetingType.PartyCongress, env.Clock.GetUtcNow() + TimeSpan.FromHours(2), "大礼堂"), "bench", cancellationToken);
        var meeting = created.Meeting ?? throw new InvalidOperationException(created.Error);
        env.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(15));
        var code = CheckInCode.At(meeting, env.Clock.GetUtcNow(), BenchEnvironment.Get<MeetingsOptions>(bot).CodePeriod);
        Console.WriteLine($"meeting: {created.Attendees} attendees, clock 15 min before the start, code {code}");

        // Every push written and signed up front, so the storm measures the bot, not the sender.
        var pushes = roster.OpenIds.Values
            .Select(openId => bot.Composer.Sign(PushComposer.Text(BotServer.Account, openId, bot.ClockNow, "签到 " + code, BotServer.NextMsgId()), openId, bot.ClockNow, encrypt))
            .ToList();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = bot.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new double[pushes.Count];
        int ok = 0, deferred = 0, otherReply = 0, httpErrors = 0;
        var example = string.Empty;
        var maxLag = 0.0;
        using var gate = new SemaphoreSlim(concurrency);
        var cpuBefore = machine.CpuSeconds();
        var watch = Stopwatch.StartNew();
        var running = new List<Task>(pushes.Count);
        for (var i = 0; i < pushes.Count; i++)
        {
            if (seconds > 0)
            {
                var due = TimeSpan.FromSeconds(seconds * (double)i / pushes.Count);
                if (due > watch.Elapsed)
                {
                    await Task.Delay(due - watch.Elapsed, cancellationToken);
                }

                maxLag = Math.Max(maxLag, (watch.Elapsed - due).TotalMilliseconds);
            }

            await gate.WaitAsync(cancellationToken);
            var push = pushes[i];
            var index = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var content = new StringContent(push.Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
                    using var response = await http.PostAsync(push.PathAndQuery(), content, cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref httpErrors);
                        return;
                    }

                    var reply = bot.Composer.ReadReply(body);
                    if (reply.IsSuccess)
                    {
                        Interlocked.Increment(ref deferred);
                    }
                    else if (reply.Content?.StartsWith("✅ 签到成功", StringComparison.Ordinal) == true)
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref otherReply);
                        example = reply.Content ?? string.Empty;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException)
                {
                    Interlocked.Increment(ref httpErrors);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(running);
        var elapsed = watch.Elapsed;
        var cpuAfter = machine.CpuSeconds();

        var records = await BenchEnvironment.Get<IMeetingStore>(bot).GetAttendanceAsync(meeting.Id, cancellationToken);
        var present = records.Count(r => r.Status == AttendanceStatus.Present && r.Method == CheckInMethod.Code);
        var sorted = latencies.Where(l => l > 0).Order().ToList();
        Console.WriteLine($"storm: {pushes.Count} pushes in {elapsed.TotalSeconds:0.00} s = {pushes.Count / elapsed.TotalSeconds:0} check-ins/s" +
            (seconds > 0 ? $" (offered {pushes.Count / (double)seconds:0}/s, sender at most {maxLag:0} ms behind schedule)" : string.Empty));
        // The first requests pay for the cold start (JIT, connections opening, thread pool growing).
        var cold = Math.Min(pushes.Count / 10, 4 * concurrency);
        Console.WriteLine($"  latency {Latencies.Summary(sorted)}");
        Console.WriteLine($"  latency after the first {cold} (warm) {Latencies.Summary(latencies.Skip(cold).Where(l => l > 0))}");
        Console.WriteLine($"  replies: {ok} 签到成功, {deferred} deferred (answered 'success'), {otherReply} other{(otherReply > 0 ? $" (e.g. {example})" : string.Empty)}; HTTP errors {httpErrors}");
        Console.WriteLine($"  CPU during the storm: {cpuAfter.Since(cpuBefore, elapsed)}");
        Console.WriteLine($"  store: {present} of {members} attendees Present (by code)");

        // The last push may arrive at the very end of the window; WeChat gives it 5 s to be answered.
        var window = TimeSpan.FromSeconds(seconds > 0 ? seconds : 60);
        var allRecorded = present == members;
        var inTime = elapsed <= window + WeChatDeadline && sorted.Count > 0 && sorted[^1] < WeChatDeadline.TotalMilliseconds;
        var met = allRecorded && httpErrors == 0 && inTime;
        Console.WriteLine($"goal: {members} check-ins within {window.TotalSeconds:0} s all recorded: {(met ? "met" : "MISSED")} " +
            $"(all recorded: {(allRecorded ? "yes" : "NO")}, HTTP errors: {httpErrors}, done in time and every reply within WeChat's 5 s: {(inTime ? "yes" : "NO")})");
        return allRecorded && httpErrors == 0 ? 0 : 1;
    }
}
