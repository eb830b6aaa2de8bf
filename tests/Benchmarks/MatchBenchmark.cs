using System.Diagnostics;
using System.Globalization;
using BranchBot.Core.Matches;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace BranchBot.Benchmarks;

/// <summary>
/// 对战 and 四人赛 for N members at once through the real webhook of several instances on one Redis: half send 对战,
/// half 四人赛; every instance sweeps (as its worker would); every member answers every question (half right); the
/// results go out. Measures the queueing storm, the time from the last 对战/四人赛 to every first question, each answer
/// storm with the Redis commands it cost, and each round of pushes; checks every member played one match, got one
/// result and one ledger entry.
/// </summary>
internal static class MatchBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var members = options.Int("members", 2000, 4, 20_000) / 4 * 4;
        var instances = options.Int("instances", 3, 1, 8);
        var questions = options.Int("questions", 5, 1, 20);
        var concurrency = options.Int("concurrency", 64, 1, 4096);
        Console.WriteLine($"== matches: {members} members ({members / 2} 对战, {members / 2} 四人赛), {questions} questions, {instances} instances, at most {concurrency} requests in flight");

        await using var env = await BenchEnvironment.StartAsync();
        var machine = await Machine.DescribeAsync(env.Redis);
        var settings = new Dictionary<string, string?>
        {
            ["Matches:RunWorker"] = "false",
            ["Matches:Questions"] = questions.ToString(CultureInfo.InvariantCulture),
            ["Matches:ClaimBatch"] = "1000",
            ["Competitions:RunTicker"] = "false",
        };
        for (var i = 0; i < instances; i++)
        {
            await env.AddHostAsync(settings);
        }

        var roster = await SyntheticRoster.ImportAsync(BenchEnvironment.Get<IMemberStore>(env.Hosts[0]), members, 20, _ => true, cancellationToken);
        var bank = Enumerable.Range(0, 100).Select(i => new Question($"qm{i:D3}", QuestionType.Single, $"对战基准题{i:D3}（ ）。", ["甲", "乙", "丙", "丁"], "B", "选乙。", "党章", 1)).ToList();
        await BenchEnvironment.Get<IQuestionStore>(env.Hosts[0]).UpsertAsync(bank, cancellationToken);
        foreach (var host in env.Hosts)
        {
            await BenchEnvironment.Get<QuestionBankCache>(host).RefreshAsync(cancellationToken);
        }

        var targets = env.Hosts.Select(h => (new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = h.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, h)).ToList();
        using var clients = new CompetitionBenchmark.DisposeAll(targets.Select(t => t.Item1));
        var openIds = roster.OpenIds.Values.ToList();
        using var redis = await ConnectionMultiplexer.ConnectAsync(env.Redis.Configuration + ",allowAdmin=true");
        var server = redis.GetServer(env.Redis.Configuration);

        var (queueElapsed, queueLatencies, queueErrors) = await CompetitionBenchmark.StormAsync(targets, openIds, i => i < members / 2 ? "对战" : "四人赛", concurrency, cancellationToken);
        Console.WriteLine($"queue: {members} in {queueElapsed.TotalSeconds:0.00} s = {members / queueElapsed.TotalSeconds:0}/s; latency {Latencies.Summary(queueLatencies)}; HTTP errors {queueErrors}");

        var expectedMatches = members / 4 + members / 8;
        var errors = queueErrors;
        var watch = Stopwatch.StartNew();
        await TickUntilAsync(env, () => QuestionPushes(env, 0) >= members, cancellationToken);
        Console.WriteLine($"start: {expectedMatches} matches created and question 1 pushed to {QuestionPushes(env, 0)} players in {watch.Elapsed.TotalSeconds:0.00} s");

        for (var q = 0; q < questions; q++)
        {
            env.Clock.Advance(TimeSpan.FromSeconds(2));
            var before = await CommandsAsync(server);
            var cpuBefore = machine.CpuSeconds();
            var (elapsed, latencies, answerErrors) = await CompetitionBenchmark.StormAsync(targets, openIds, i => i % 2 == 0 ? "B" : "C", concurrency, cancellationToken);
            var cpu = machine.CpuSeconds().Since(cpuBefore, elapsed);
            var commands = await CommandsAsync(server) - before;
            errors += answerErrors;
            Console.WriteLine($"question {q + 1}: {members} answers in {elapsed.TotalSeconds:0.00} s = {members / elapsed.TotalSeconds:0}/s; latency {Latencies.Summary(latencies)}; " +
                              $"{(double)commands / members:0.0} Redis commands per answer; HTTP errors {answerErrors}; CPU {cpu}");
            watch.Restart();
            var last = q == questions - 1;
            await TickUntilAsync(env, () => last ? Finals(env).Count >= members : QuestionPushes(env, q + 1) >= members, cancellationToken);
            Console.WriteLine($"  {(last ? "results" : "next question")} pushed to every player in {watch.Elapsed.TotalSeconds:0.00} s");
        }

        var finals = Finals(env);
        var oncePerMember = finals.Count == members && finals.Distinct().Count() == members;
        var study = BenchEnvironment.Get<IStudyStore>(env.Hosts[0]);
        var entries = 0;
        foreach (var member in roster.OpenIds.Keys)
        {
            entries += (await study.ReadLedgerAsync(member, cancellationToken)).Count(e => e.SourceId.StartsWith("match:", StringComparison.Ordinal));
        }

        var matchStore = BenchEnvironment.Get<IMatchStore>(env.Hosts[0]);
        var stillPlaying = 0;
        foreach (var member in roster.OpenIds.Keys)
        {
            stillPlaying += await matchStore.WhereAsync(member, cancellationToken) is null ? 0 : 1;
        }

        var ok = oncePerMember && entries == members && stillPlaying == 0 && errors == 0;
        Console.WriteLine($"check: {finals.Count} results for {members} members ({finals.Distinct().Count()} distinct), {entries} ledger entries, {stillPlaying} still held: {(ok ? "each played once, scored once" : "MISMATCH")}");
        return ok ? 0 : 1;
    }

    /// <summary>Every instance sweeps, as their workers would, until <paramref name="done"/> (or a minute passes).</summary>
    private static async Task TickUntilAsync(BenchEnvironment env, Func<bool> done, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!done() && deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.WhenAll(env.Hosts.Select(h => BenchEnvironment.Get<MatchEngine>(h).TickAsync(cancellationToken)));
        }
    }

    private static int QuestionPushes(BenchEnvironment env, int index) =>
        env.Api.CallsTo("message/custom/send").Count(c => Text(c).Contains($" 第{index + 1}/", StringComparison.Ordinal));

    private static List<string> Finals(BenchEnvironment env) =>
        env.Api.CallsTo("message/custom/send").Where(c => Text(c).StartsWith("🏆 对战结束", StringComparison.Ordinal) || Text(c).StartsWith("🏆 四人赛结束", StringComparison.Ordinal))
            .Select(c => c.Json["touser"]!.GetValue<string>()).ToList();

    private static string Text(RecordedCall call) => call.Json["text"]!["content"]!.GetValue<string>();

    private static async Task<long> CommandsAsync(IServer server) =>
        long.Parse((await server.InfoAsync("stats")).SelectMany(g => g).First(p => p.Key == "total_commands_processed").Value, CultureInfo.InvariantCulture);
}
