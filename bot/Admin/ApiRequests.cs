namespace BranchBot.Bot.Admin;

/// <summary>Request helpers shared by the console's data endpoints: branch scope, query values, bodies.</summary>
internal static class ApiRequests
{
    /// <summary>
    /// The branch a list is about: the one asked for if the caller may see it, else the caller's own; null with no
    /// error means the whole organisation (admins only).
    /// </summary>
    public static (string? Branch, IResult? Denied) Scope(HttpContext http, string? branchId)
    {
        var caller = http.Caller();
        var branch = string.IsNullOrWhiteSpace(branchId) ? caller.BranchId : branchId.Trim();
        return branch is not null && !caller.MaySee(branch) ? (null, ApiErrors.Forbidden()) : (branch, null);
    }

    /// <summary>
    /// A whole number from the query string (taken as text, so a typo gets our JSON error rather than the
    /// framework's empty 400), <paramref name="fallback"/> when absent.
    /// </summary>
    public static (int Value, IResult? Error) Number(string? raw, string field, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (fallback, null);
        }

        return int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? (n, null)
            : (0, ApiErrors.FieldError(field, $"{field} 应为 {min}–{max} 之间的整数"));
    }

    /// <summary>
    /// A from/to pair of ISO-8601 times from the query string (taken as text, so a typo gets a JSON error naming the
    /// field), each defaulting when absent.
    /// </summary>
    public static ((DateTimeOffset From, DateTimeOffset To) Value, IResult? Error) Range(string? from, string? to, DateTimeOffset defaultFrom, DateTimeOffset defaultTo)
    {
        var (start, fromError) = Time(from, "from", defaultFrom);
        var (end, toError) = Time(to, "to", defaultTo);
        return (fromError ?? toError) is { } error ? (default, error) : ((start, end), null);
    }

    private static (DateTimeOffset Value, IResult? Error) Time(string? raw, string field, DateTimeOffset fallback)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (fallback, null);
        }

        return DateTimeOffset.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value)
            ? (value, null)
            : (default, ApiErrors.FieldError(field, $"{field} 应为时间，例如 2026-11-30 或 2026-11-30T08:00:00Z"));
    }

    /// <summary>true/false from the query string; null when absent.</summary>
    public static (bool? Value, IResult? Error) Flag(string? raw, string field) => raw switch
    {
        null or "" => (null, null),
        "true" => (true, null),
        "false" => (false, null),
        _ => (null, ApiErrors.FieldError(field, $"{field} 只能是 true 或 false")),
    };

    public static IResult AdminOnly() => ApiErrors.Forbidden("只有管理员可以这样做");

    /// <summary>Largest import file (a 50,000-member roster, a 5,000-question bank fit); larger gets a JSON 413.</summary>
    public const int MaxFileBytes = 8 * 1024 * 1024;

    /// <summary>Lifts the server-wide body limit for an import route to <see cref="MaxFileBytes"/> (see <see cref="Hosting.RequestSizeLimits"/>).</summary>
    public static RouteHandlerBuilder AcceptsImportFile(this RouteHandlerBuilder route) =>
        route.WithMetadata(new Hosting.RequestSizeLimit(MaxFileBytes + 1L));

    /// <summary>An uploaded file, or a JSON 413 when it is bigger than any roster or bank should be.</summary>
    public static async Task<(byte[]? File, IResult? Error)> ReadFileAsync(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxFileBytes)
    {
        var file = await ReadCappedAsync(request, maxBytes, cancellationToken);
        return file switch
        {
            null => (null, ApiErrors.TooLarge($"文件不能超过 {maxBytes / 1024 / 1024} MB")),
            { Length: 0 } => (null, ApiErrors.BadRequest("请上传文件")),
            _ => (file, null),
        };
    }

    /// <summary>
    /// The whole body, or null as soon as it is larger than <paramref name="maxBytes"/> (declared or sent). This
    /// route's cap replaces the server-wide one (which guards routes that read no body of their own), so an 8 MB import
    /// is read whole and anything larger is this method's 413, never the server's exception.
    /// </summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
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
