using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

// Not "BranchBot.Bot.Console": that namespace would hide System.Console from the rest of the bot.
namespace BranchBot.Bot.WebConsole;

/// <summary>
/// Serves the secretary's console (the esbuild output copied to <c>console/</c> next to the bot's assembly) at
/// <c>/console/</c>: hashed assets cached for a year, every other path answered with index.html (the page routes
/// itself), strict security headers on all of it. <c>/</c> redirects to the console.
/// </summary>
internal static class ConsoleRegistration
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://mp.weixin.qq.com; "
        + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddBotConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new ConsoleFiles(Path.Combine(AppContext.BaseDirectory, "console")));
        return builder;
    }

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/console/"));
        // Routing matches "/console/" to this template too; only the bare "/console" is redirected.
        app.MapGet("/console/{**path}", (HttpContext http, ConsoleFiles files, string? path) =>
            http.Request.Path == "/console" ? Results.Redirect("/console/") : files.Serve(http, path ?? string.Empty));
        return app;
    }

    internal static void SecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = Csp;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}

/// <summary>The built console on disk.</summary>
internal sealed class ConsoleFiles(string root)
{
    private static readonly FileExtensionContentTypeProvider Types = new();

    /// <summary>What /console/ says when the bot was built without Node.js (the npm step was skipped).</summary>
    internal const string NotBuilt = """
        书记工作台尚未构建：构建时未找到 Node.js（npm）。请安装 Node.js 20 或更高版本（例如 apt-get install nodejs npm），然后重新执行 dotnet build 或 dotnet run --project bot。

        The secretary's console has not been built: npm (Node.js) was not found when the bot was built. Install Node.js 20 or later with npm (for example 'apt-get install nodejs npm') and run 'dotnet build' or 'dotnet run --project bot' again.
        """;

    private readonly PhysicalFileProvider? _files = Directory.Exists(root) ? new PhysicalFileProvider(root) : null;

    public IResult Serve(HttpContext http, string path)
    {
        ConsoleRegistration.SecurityHeaders(http.Response);
        if (_files is null || !_files.GetFileInfo("index.html").Exists)
        {
            return Results.Text(NotBuilt, "text/plain; charset=utf-8", statusCode: 503);
        }

        var file = _files.GetFileInfo(path);
        if (path.Length > 0 && file is { Exists: true, IsDirectory: false, PhysicalPath: { } physical })
        {
            http.Response.Headers.CacheControl = path.StartsWith("assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
            return Results.File(physical, Types.TryGetContentType(physical, out var type) ? type : "application/octet-stream", enableRangeProcessing: false);
        }

        if (Path.HasExtension(path))
        {
            return Results.Text("没有这个文件", "text/plain; charset=utf-8", statusCode: 404);
        }

        http.Response.Headers.CacheControl = "no-cache";
        return Results.File(_files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8");
    }
}
