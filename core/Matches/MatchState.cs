using System.Text.Json.Serialization;
using BranchBot.Core.Conversations;

namespace BranchBot.Core.Matches;

/// <summary>
/// The member's 对战/四人赛 flow in their session: which kind they asked for, and the match once they play one.
/// Read and written only through <see cref="Codec"/>; the store holds the truth (queue, match), this only routes answers.
/// </summary>
internal sealed record MatchState(
    [property: JsonPropertyName("k")] MatchKind Kind,
    [property: JsonPropertyName("m")] string? MatchId)
{
    public static FlowCodec<MatchState> Codec { get; } = new(MatchFeature.FlowName, 1, MatchStateJson.Default.MatchState);
}

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(MatchState))]
internal sealed partial class MatchStateJson : JsonSerializerContext;
