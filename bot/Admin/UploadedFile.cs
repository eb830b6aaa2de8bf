using Microsoft.AspNetCore.Http.Features;

namespace BranchBot.Bot.Admin;

/// <summary>
/// An import's body (a roster or a question bank), bound like any other parameter: read whole up to
/// <see cref="MaxBytes"/>; empty or larger is refused as the framework refuses a body it cannot bind.
/// </summary>
internal sealed record UploadedFile(byte[] Content)
{
    /// <summary>Largest import file (a 50,000-member roster, a 5,000-question bank fit); larger gets a 413 problem.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    public static async ValueTask<UploadedFile?> BindAsync(HttpContext context) =>
        await ReadCappedAsync(context.Request, MaxBytes, context.RequestAborted) switch
        {
            null => throw new UploadRejected($"文件不能超过 {MaxBytes / 1024 / 1024} MB", StatusCodes.Status413PayloadTooLarge),
            { Length: 0 } => throw new UploadRejected("请上传文件", StatusCodes.Status400BadRequest),
            var bytes => new UploadedFile(bytes),
        };

    /// <summary>
    /// The whole body, or null as soon as it is larger than <paramref name="maxBytes"/> (declared or sent). This
    /// route's cap replaces the server-wide one (which guards routes that read no body of their own), so an 8 MB import
    /// is read whole and anything larger is a 413 problem, never the server's exception.
    /// </summary>
    internal static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    return null;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }
}

/// <summary>An upload the endpoint cannot take (empty, too large), with the sentence for the person.</summary>
internal sealed class UploadRejected(string message, int statusCode) : BadHttpRequestException(message, statusCode);

internal static class UploadRoutes
{
    /// <summary>Lifts the server-wide body limit for an import route to <see cref="UploadedFile.MaxBytes"/> (see <see cref="Hosting.RequestSizeLimits"/>).</summary>
    public static RouteHandlerBuilder AcceptsImportFile(this RouteHandlerBuilder route) =>
        route.WithMetadata(new Hosting.RequestSizeLimit(UploadedFile.MaxBytes + 1L));
}
