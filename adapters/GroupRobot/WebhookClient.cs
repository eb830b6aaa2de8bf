using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>
/// Posts one markdown message to a robot webhook through the <see cref="RobotPipeline"/>. The robot answers
/// <c>{"errcode":0,"errmsg":"ok"}</c> inside HTTP 200; errors are other errcodes in the same shape.
/// </summary>
internal sealed class WebhookClient(IHttpClientFactory http, IOptions<GroupRobotOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
{
    /// <summary>The named <see cref="HttpClient"/> from the factory (redirects off: an address is checked before the call).</summary>
    public const string ClientName = "group-robot";

    internal const string ContentType = "application/json; charset=utf-8";

    /// <summary>System busy: nothing was posted, try again.</summary>
    internal const int SystemBusy = -1;

    /// <summary>The robot's per-minute limit.</summary>
    internal const int RateLimit = 45009;

    private readonly RobotPipeline _pipeline = new(options.Value, time, loggerFactory);

    public Task<RobotAttempt> PostAsync(Uri webhook, string content, CancellationToken cancellationToken)
    {
        var body = RobotMessage.Body(content);
        return _pipeline.ExecuteAsync(ct => PostOnceAsync(webhook, body, ct), cancellationToken);
    }

    private async ValueTask<RobotAttempt> PostOnceAsync(Uri webhook, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        var client = http.CreateClient(ClientName);
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return Interpret(response.StatusCode, text);
    }

    internal static RobotAttempt Interpret(HttpStatusCode status, string body)
    {
        var http = $"HTTP {(int)status}";
        if (status >= HttpStatusCode.InternalServerError)
        {
            return RobotAttempt.Transient(http, $"the robot answered {http}");
        }

        int? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errcode", out var errcode) && errcode.TryGetInt32(out var value))
            {
                code = value;
                message = root.TryGetProperty("errmsg", out var errmsg) && errmsg.ValueKind == JsonValueKind.String ? errmsg.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }

        return code switch
        {
            null when status >= HttpStatusCode.BadRequest => RobotAttempt.Failed(http, $"the robot refused the post with {http}"),
            null => RobotAttempt.Failed(http, $"the robot answered {http} without an errcode; the group may show the message, so it is not retried"),
            0 => RobotAttempt.Posted,
            SystemBusy => RobotAttempt.Transient("-1", $"the robot is busy: {message}"),
            RateLimit => RobotAttempt.RateLimited($"the robot's per-minute limit was reached: {message}"),
            _ => RobotAttempt.Failed(code.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), message ?? "refused"),
        };
    }
}
