using System.Diagnostics.Metrics;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BranchBot.Bot.Hosting;

internal static class TelemetryRegistration
{
    /// <summary>
    /// The <c>BranchBot</c> meter, and OpenTelemetry: ASP.NET Core, HttpClient, runtime, Polly and Redis figures;
    /// metrics for the Prometheus endpoint (Telemetry:Prometheus) and OTLP; traces only when an OTLP endpoint is set
    /// (spans nobody exports would only cost the message path).
    /// </summary>
    public static WebApplicationBuilder AddBotTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TelemetryOptions>(TelemetryOptions.Section);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(sp => new BotMetrics(sp.GetRequiredService<IMeterFactory>().Create(BotMetrics.MeterName)));

        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Prometheus.Enabled && !otlp)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("branchbot"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter(BotMetrics.MeterName, "Polly");
                if (options.Prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(BotMetrics.MeterName)
                .AddRedisStoreInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The scrape endpoint, answered only to the configured networks (anyone else gets 404).</summary>
    public static WebApplication MapBotTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Prometheus.Enabled)
        {
            return app;
        }

        var networks = options.Prometheus.Networks;
        app.UseWhen(
            context => context.Request.Path.Equals(options.Prometheus.Path, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (context, next) =>
            {
                var remote = context.Connection.RemoteIpAddress;
                if (remote is null || !networks.Any(n => n.Contains(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await next(context);
            }));
        app.MapPrometheusScrapingEndpoint(options.Prometheus.Path);
        return app;
    }
}
