using System.Diagnostics;
using System.Net.Http.Headers;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Benchmarks;

/// <summary>
/// A long soak: members keep chatting (帮助, 积分, 答题 and answers) at a steady rate for the given minutes while the
/// process's resident memory and managed heap are sampled every 10 s. Memory should be flat: what a message leaves
/// behind lives in Redis with a time-to-live, not in the bot.
/// </summary>
internal static class SoakBenchmark
{
    private static readonly string[] Texts = ["帮助", "积分", "答题", "A", "B", "对", "排行", "会议"];

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var minutes = options.Int("minutes", 10, 1, 24 * 60);
        var rate = options.Int("rate", 500, 1, 100_000);
        var members = options.Int("members", 2_000, 1, 100_000);
        Console.WriteLine($"== soak: {minutes} min at {rate} messages/s from {members} members");

        await using var env = await BenchEnvironment.StartAsync();
        var bot = await env.AddHostAsync();
        var roster = await SyntheticRoster.ImportAsync(BenchEnvironment.Get<IMemberStore>(bot), members, 10, _ => true, cancellationToken);
        var openIds = roster.OpenIds.Values.ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = bot.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var gate = new SemaphoreSlim(64);

        var samples = new List<(TimeSpan At, long Rss, long Heap)>();
        var errors = 0;
        var sent = 0L;
        var watch = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        var nextSample = TimeSpan.Zero;
        var running = new List<Task>();
        while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            if (watch.Elapsed >= nextSample)
            {
                using var self = Process.GetCurrentProcess();
                samples.Add((watch.Elapsed, self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false)));
                nextSample += TimeSpan.FromSeconds(10);
                running.RemoveAll(t => t.IsCompleted);
            }

            var due = TimeSpan.FromSeconds(sent / (double)rate);
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed, cancellationToken);
            }

            var openId = openIds[sent % openIds.Length];
            var text = Texts[(sent / openIds.Length) % Texts.Length];
            var push = bot.Composer.Sign(PushComposer.Text(BotServer.Account, openId, bot.ClockNow, text, BotServer.NextMsgId()), openId, bot.ClockNow, false);
            sent++;
            await gate.WaitAsync(cancellationToken);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = new StringContent(push.Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
                    using var response = await http.PostAsync(push.PathAndQuery(), content, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(running);
        foreach (var (at, rss, heap) in samples)
        {
            Console.WriteLine($"  {at.TotalMinutes,5:0.0} min  RSS {rss / 1048576.0,7:0.0} MB  heap {heap / 1048576.0,7:0.0} MB");
        }

        // Flat: the second half's RSS stays within 15% of its start (warm-up, JIT and pools fill the first half).
        var half = samples.Skip(samples.Count / 2).ToList();
        var growth = half.Count < 2 ? 0 : (half[^1].Rss - half[0].Rss) / (double)half[0].Rss;
        var flat = growth < 0.15;
        Console.WriteLine($"soak: {sent} messages in {watch.Elapsed.TotalMinutes:0.0} min, {errors} errors; RSS growth over the second half {growth:P1}: {(flat ? "flat" : "GROWING")}");
        return errors == 0 && flat ? 0 : 1;
    }
}
