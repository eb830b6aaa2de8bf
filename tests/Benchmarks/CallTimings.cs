using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Benchmarks;

/// <summary>
/// Where the time of a job goes (<c>--breakdown</c>): the bot's ports (store, template, SMS) wrapped in a proxy that
/// times every call until its task completes.
/// </summary>
internal sealed class CallTimings
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _calls = new(StringComparer.Ordinal);

    public void Add(string name, double milliseconds) => _calls.GetOrAdd(name, _ => []).Add(milliseconds);

    public void Clear() => _calls.Clear();

    /// <summary>Replaces the registration of <typeparamref name="T"/> with a timing proxy around it.</summary>
    public void Decorate<T>(IServiceCollection services) where T : class
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(descriptor);
        services.AddSingleton(sp =>
        {
            var inner = (T)(descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
            return TimingProxy<T>.Wrap(inner, this);
        });
    }

    public void Print()
    {
        foreach (var (name, samples) in _calls.OrderByDescending(c => c.Value.Sum()))
        {
            var sorted = samples.Order().ToList();
            Console.WriteLine($"  {name,-42} {sorted.Count,7} calls, mean {sorted.Average():0.00} ms, {Latencies.Summary(sorted)}");
        }
    }
}

/// <summary>Times each call of <typeparamref name="T"/>'s methods, to the completion of a returned task.</summary>
#pragma warning disable CA1852 // DispatchProxy.Create needs a non-sealed proxy type.
internal class TimingProxy<T> : DispatchProxy where T : class
#pragma warning restore CA1852
{
    private T _inner = null!;
    private CallTimings _timings = null!;

    public static T Wrap(T inner, CallTimings timings)
    {
        var proxy = Create<T, TimingProxy<T>>();
        var self = (TimingProxy<T>)(object)proxy;
        self._inner = inner;
        self._timings = timings;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        var name = typeof(T).Name + "." + method.Name;
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        if (result is Task task)
        {
            task.ContinueWith(_ => _timings.Add(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds), TaskScheduler.Default);
        }
        else
        {
            _timings.Add(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return result;
    }
}
