using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Admin;

/// <summary>
/// The served OpenAPI document is the checked-in <c>docs/openapi.v1.json</c>: a change to the API's shapes fails here
/// until the copy is updated with it (run with <c>UPDATE_OPENAPI=1</c> to write the served one over it, then review the diff).
/// </summary>
public sealed class OpenApiDocumentTests(CrossBranchBot fixture) : IClassFixture<CrossBranchBot>
{
    private static readonly string CheckedIn = RepoRoot.PathOf("docs", "openapi.v1.json");

    [Fact]
    public async Task ServedDocument_IsTheCheckedInCopy()
    {
        using var response = await fixture.Bot.Bot.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString(new() { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CheckedIn, served);
        }

        Assert.True(File.Exists(CheckedIn), "docs/openapi.v1.json is missing: run this test with UPDATE_OPENAPI=1 once.");
        Assert.True(served == (await File.ReadAllTextAsync(CheckedIn)).ReplaceLineEndings("\n"),
            "/openapi/v1.json differs from docs/openapi.v1.json: run this test with UPDATE_OPENAPI=1 and commit the reviewed change.");
    }

    [Fact]
    public async Task Document_DescribesTheTypedAnswersAndProblems()
    {
        var document = JsonNode.Parse(await fixture.Bot.Bot.Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();

        Assert.Contains("/api/meetings/{id}", paths.Select(p => p.Key));
        Assert.DoesNotContain(paths, p => !p.Key.StartsWith("/api/", StringComparison.Ordinal));
        var create = paths["/api/meetings"]!["post"]!;
        Assert.NotNull(create["requestBody"]);
        Assert.NotNull(create["responses"]!["201"]);
        Assert.NotNull(create["responses"]!["400"]);
        Assert.Contains("application/problem+json", create["responses"]!["400"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.NotNull(document["components"]!["schemas"]!["MeetingView"]);
    }
}
