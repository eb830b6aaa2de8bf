using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BranchBot.Tests.Infrastructure;

/// <summary>
/// A private redis-server for the test run: free loopback port, temp dir, no persistence; stopped at process exit.
/// Tests share it and keep apart by a unique key prefix each.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly Lazy<RedisServer> SharedServer = new(() => Start());
    private readonly string _dir;
    private readonly string[] _extraArgs;
    private Process _process;

    private RedisServer(Process process, int port, string dir, string[] extraArgs)
    {
        _process = process;
        Port = port;
        _dir = dir;
        _extraArgs = extraArgs;
    }

    public static RedisServer Shared => SharedServer.Value;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + ":";

    public static RedisServer Start(params string[] extraArgs)
    {
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("branchbot-redis-").FullName;
        var server = new RedisServer(Launch(port, dir, extraArgs), port, dir, extraArgs);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        server.WaitUntilReady();
        return server;
    }

    /// <summary>Stops the server as an operator would (SIGTERM: Redis flushes its append-only file first).</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Starts it again on the same port and directory (so it reloads its append-only file).</summary>
    public void Restart()
    {
        Stop();
        _process = Launch(Port, _dir, _extraArgs);
        WaitUntilReady();
    }

    private static Process Launch(int port, string dir, string[] extraArgs)
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run 'bash tests/run.sh' (it installs it) or 'apt-get install -y redis-server'.");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no" }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[64];
                var read = stream.Read(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}");
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException("redis-server did not answer PING within 10 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
        }
    }
}
