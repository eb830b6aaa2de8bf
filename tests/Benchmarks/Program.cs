using BranchBot.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- reminders [--members 10000] [--instances 2]
// dotnet run -c Release --project tests/Benchmarks -- checkin-storm [--members 5000] [--seconds 60]
// dotnet run -c Release --project tests/Benchmarks -- competition [--participants 10000]
// dotnet run -c Release --project tests/Benchmarks -- matches [--members 2000] [--instances 3] [--questions 5]
// dotnet run -c Release --project tests/Benchmarks -- cluster [--members 100000] [--participants 20000] [--instances 3]
// dotnet run -c Release --project tests/Benchmarks -- webhook [--connections 32] [--seconds 15] [--members 1000] [--scenario all]
var options = BenchOptions.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return options.Command switch
    {
        "reminders" => await RemindersBenchmark.RunAsync(options, stop.Token),
        "checkin-storm" => await CheckInStormBenchmark.RunAsync(options, stop.Token),
        "competition" => await CompetitionBenchmark.RunAsync(options, stop.Token),
        "matches" => await MatchBenchmark.RunAsync(options, stop.Token),
        "soak" => await SoakBenchmark.RunAsync(options, stop.Token),
        "webhook" => await WebhookBenchmark.RunAsync(options, stop.Token),
        "cluster" => await ClusterBenchmark.RunAsync(options, stop.Token),
        "all" => await AllAsync(options, stop.Token),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage();
}

// Every benchmark in one run, each with its defaults (the soak is left out: it is long on purpose).
static async Task<int> AllAsync(BenchOptions options, CancellationToken cancellationToken)
{
    var exit = 0;
    exit = Math.Max(exit, await RemindersBenchmark.RunAsync(options, cancellationToken));
    exit = Math.Max(exit, await CheckInStormBenchmark.RunAsync(options, cancellationToken));
    exit = Math.Max(exit, await CompetitionBenchmark.RunAsync(options, cancellationToken));
    return Math.Max(exit, await WebhookBenchmark.RunAsync(options, cancellationToken));
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          dotnet run -c Release --project tests/Benchmarks -- reminders [--members 10000] [--instances 2] [--batch 500] [--parallelism 32] [--breakdown]
          dotnet run -c Release --project tests/Benchmarks -- checkin-storm [--members 5000] [--seconds 60] [--concurrency 64] [--aes]
          dotnet run -c Release --project tests/Benchmarks -- competition [--participants 10000] [--concurrency 64]
          dotnet run -c Release --project tests/Benchmarks -- matches [--members 2000] [--instances 3] [--questions 5] [--concurrency 64]
          dotnet run -c Release --project tests/Benchmarks -- cluster [--members 100000] [--participants 20000] [--instances 3] [--buckets 16] [--concurrency 64]
          dotnet run -c Release --project tests/Benchmarks -- soak [--minutes 10] [--rate 500] [--members 2000]
          dotnet run -c Release --project tests/Benchmarks -- all      (every benchmark but the soak, with defaults)
          dotnet run -c Release --project tests/Benchmarks -- webhook [--connections 32] [--seconds 15] [--members 1000] [--scenario help|answer|all]
        --seconds 0 sends the storm as fast as the concurrency allows. Exit code 1 when a check fails.
        """);
    return 2;
}
