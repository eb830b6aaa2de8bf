using System.Text.Json.Nodes;

namespace BranchBot.Tests;

/// <summary>Reads an RFC 9457 problem answer of the admin API.</summary>
internal static class ProblemJson
{
    public const string MediaType = "application/problem+json";

    /// <summary>The one field a problem's <c>errors</c> names; null when it names none (and fails on more than one).</summary>
    public static string? ErrorField(this JsonNode? problem) =>
        (problem?["errors"] as JsonObject)?.Select(p => p.Key).SingleOrDefault();
}
