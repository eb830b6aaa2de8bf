using System.Net;
using Microsoft.Extensions.DependencyInjection;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.WebConsole;

/// <summary>The built console served by the bot: redirects, page fallback, assets and security headers.</summary>
public sealed class ConsoleServingTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/console")]
    public async Task Get_RootOrBareConsole_RedirectsToConsole(string path)
    {
        await using var bot = await BotServer.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = bot.Http.BaseAddress };
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/console/")]
    [InlineData("/console/meetings/mt0123456789ab/screen")]
    public async Task Get_PagePath_AnswersIndexWithSecurityHeaders(string path)
    {
        await using var bot = await BotServer.StartAsync();
        using var response = await bot.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/console/assets/app-", html);
        Assert.DoesNotContain("<script>", html);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Get_Asset_IsCachedForAYear()
    {
        await using var bot = await BotServer.StartAsync();
        var html = await bot.Http.GetStringAsync("/console/");
        var script = System.Text.RegularExpressions.Regex.Match(html, "/console/assets/app-[A-Za-z0-9]+\\.js").Value;
        using var response = await bot.Http.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/console/assets/missing.js")]
    [InlineData("/console/../BranchBot.Bot.deps.json")]
    [InlineData("/console/%2e%2e/BranchBot.Bot.deps.json")]
    public async Task Get_MissingOrOutsideFile_IsNotFound(string path)
    {
        await using var bot = await BotServer.StartAsync();
        using var response = await bot.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_ConsoleNotBuilt_SaysInChineseAndEnglishHowToInstallNode()
    {
        var files = new BranchBot.Bot.WebConsole.ConsoleFiles(Path.Combine(Path.GetTempPath(), "no-console-" + Guid.NewGuid().ToString("N")));
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(new Microsoft.Extensions.DependencyInjection.ServiceCollection()).BuildServiceProvider() };
        http.Response.Body = new MemoryStream();

        await files.Serve(http, string.Empty).ExecuteAsync(http);

        Assert.Equal(503, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        var text = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Contains("请安装 Node.js", text);
        Assert.Contains("Install Node.js 20 or later", text);
    }
}
