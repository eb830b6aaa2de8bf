using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BranchBot.Adapters.WeChat.Protocol;

namespace BranchBot.Tests.Faults;

/// <summary>
/// The bot as a real operating-system process (the built BranchBot.Bot.dll next to the tests), configured by
/// environment variables, so a test can run several and kill one with SIGKILL.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BotProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Composer = new PushComposer(Infrastructure.BotServer.Token, Infrastructure.BotServer.AppId, Infrastructure.BotServer.AesKey);
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public PushComposer Composer { get; }

    public bool HasExited => _process.HasExited;

    public static async Task<BotProcess> StartAsync(IDictionary<string, string> settings)
    {
        // A free port can be taken by another test between probing and binding; that one race is retried.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(settings);
            }
            catch (PortTakenException) when (attempt < 5)
            {
            }
        }
    }

    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    private static async Task<BotProcess> StartOnceAsync(IDictionary<string, string> settings)
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "BranchBot.Bot.dll");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.Environment["WeChat__AppId"] = Infrastructure.BotServer.AppId;
        info.Environment["WeChat__Token"] = Infrastructure.BotServer.Token;
        info.Environment["WeChat__EncodingAESKey"] = Infrastructure.BotServer.AesKey;
        info.Environment["WeChat__RequireEncryption"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(errors, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new BotProcess(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var health = await bot.Http.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    return bot;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                var output = string.Join("\n", errors);
                if (output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    await bot.DisposeAsync();
                    throw new PortTakenException(output);
                }

                throw new InvalidOperationException($"bot process exited with {process.ExitCode}: " + string.Join("\n", errors));
            }

            await Task.Delay(100);
        }

        await bot.DisposeAsync();
        throw new TimeoutException("bot process did not become healthy within 30 s");
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
            while (lines.Count > 40 && lines.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, as a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
