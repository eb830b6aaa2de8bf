using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BranchBot.Core.Storage;
using Microsoft.AspNetCore.Authorization;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Makes a POST that carries an <c>Idempotency-Key</c> header take effect once: a repeat with the same key (a double
/// click, a retry after a dropped connection, another instance) gets the first answer back instead of a second meeting
/// or room. Keys are per caller and kept for a day in <see cref="ISharedState"/>, so every instance sees them. Only
/// successful answers are kept: after a refusal (a field error) the corrected form may be sent again under the same key.
/// </summary>
internal sealed class IdempotencyFilter(ISharedState shared) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>Bodies larger than this are not fingerprinted here; the endpoint refuses them with its own limit.</summary>
    private const int MaxFingerprintBytes = 16 * 1024 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method)
            || !http.Request.Headers.TryGetValue(Header, out var values)
            || !http.IsSignedIn()
            || http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return await next(context);
        }

        var caller = http.Caller();
        var key = values.ToString();
        if (key.Length is < 8 or > 128 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return ApiProblems.Invalid(Header, "Idempotency-Key 应为 8–128 位字母、数字、- 或 _");
        }

        var fingerprint = await FingerprintAsync(http.Request, http.RequestAborted);
        if (fingerprint is null)
        {
            return await next(context);
        }

        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(caller.Name + "\n" + key)));
        var storedKey = "idem:" + id;
        if (await shared.GetAsync(storedKey, http.RequestAborted) is { } stored)
        {
            return Replay(http, stored, fingerprint);
        }

        var owner = Guid.NewGuid().ToString("N");
        var leaseKey = "idem-lease:" + id;
        if (!await shared.TryAcquireLeaseAsync(leaseKey, owner, Lease, http.RequestAborted))
        {
            return ApiProblems.Conflict("同一请求正在处理，请稍候刷新查看结果");
        }

        try
        {
            // Read again under the lease: the first request may have finished between the read above and the lease.
            if (await shared.GetAsync(storedKey, http.RequestAborted) is { } finished)
            {
                return Replay(http, finished, fingerprint);
            }

            var result = await next(context);
            if (Success(ApiResults.Unwrap(result)) is { } status)
            {
                var body = ApiResults.Unwrap(result) is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), ApiProblems.Json) : null;
                var record = JsonSerializer.Serialize(new StoredAnswer(fingerprint, status, body));

                // Not the request's token: the change is made, so its answer must be kept even if the caller hung up.
                await shared.SetAsync(storedKey, record, Keep, CancellationToken.None);
            }

            return result;
        }
        finally
        {
            await shared.ReleaseLeaseAsync(leaseKey, owner, CancellationToken.None);
        }
    }

    private static int? Success(object? result) => result switch
    {
        IStatusCodeHttpResult { StatusCode: { } code } => code is >= 200 and < 300 ? code : null,
        IResult => 200,
        _ => null,
    };

    private static IResult Replay(HttpContext http, string stored, string fingerprint)
    {
        var answer = JsonSerializer.Deserialize<StoredAnswer>(stored);
        if (answer is null || answer.Fingerprint != fingerprint)
        {
            return ApiProblems.UnprocessableContent("这个 Idempotency-Key 已用于另一个请求");
        }

        http.Response.Headers[ReplayedHeader] = "true";
        return answer.Body is null
            ? Results.StatusCode(answer.Status)
            : Results.Text(answer.Body, "application/json; charset=utf-8", Encoding.UTF8, answer.Status);
    }

    /// <summary>
    /// Keeps the body of a POST under <c>/api</c> that carries an <c>Idempotency-Key</c>, so the filter can fingerprint
    /// it after the framework has bound it.
    /// </summary>
    public static IApplicationBuilder UseIdempotentBodies(IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Headers.ContainsKey(Header) && context.Request.Path.StartsWithSegments("/api"))
        {
            context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxFingerprintBytes + 1);
        }

        return next(context);
    });

    /// <summary>SHA-256 of method, path, query and body.</summary>
    private static async Task<string?> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxFingerprintBytes)
        {
            return null;
        }

        // The framework has bound the body already; UseIdempotentBodies kept it, so it is read again from the start.
        if (!request.Body.CanSeek)
        {
            return null;
        }

        request.Body.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{request.Method} {request.Path}{request.QueryString}\n")));
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxFingerprintBytes)
                {
                    request.Body.Position = 0;
                    return null;
                }

                hash.AppendData(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Over the buffer limit or cut off: the endpoint's own read reports it.
            request.Body.Position = 0;
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private sealed record StoredAnswer(string Fingerprint, int Status, string? Body);
}
