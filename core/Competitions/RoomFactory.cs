using BranchBot.Core.Common;
using System.Globalization;
using System.Security.Cryptography;
using BranchBot.Core.Study;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Competitions;

/// <summary>
/// What a host asks for. <paramref name="Seed"/> makes the room id and the question draw deterministic, so a retried
/// request finds the room it created. <paramref name="HostOpenId"/> is empty when the room is created from the console.
/// </summary>
public sealed record RoomRequest(
    string BranchId,
    string HostMemberId,
    string HostOpenId,
    string Title,
    int Questions,
    int Seconds,
    string? Category,
    bool Team,
    bool Manual,
    string? RobotWebhook,
    string Seed);

/// <summary>
/// The room (new, or found again for the same seed), or why none was made: a setting at fault (<see cref="Invalid"/>),
/// or a refusal that no setting fixes (<see cref="Refused"/>).
/// </summary>
public sealed record RoomCreation(Room? Room, bool Existing, FieldError? Invalid = null, string? Refused = null)
{
    public string? Error => Invalid?.Message ?? Refused;

    public static RoomCreation Fail(string refused) => new(null, false, Refused: refused);

    public static RoomCreation Fail(FieldError invalid) => new(null, false, Invalid: invalid);
}

/// <summary>Opens competition rooms for the chat command and the console alike.</summary>
public sealed class RoomFactory(ICompetitionStore store, QuestionBankCache bank, ISharedState shared, CompetitionOptions options, TimeProvider time)
{
    private static readonly TimeSpan HostMemory = TimeSpan.FromDays(1);

    public IReadOnlySet<string> Categories => bank.Current.All.Select(q => q.Category).ToHashSet(StringComparer.Ordinal);

    public async Task<RoomCreation> CreateAsync(RoomRequest request, CancellationToken cancellationToken)
    {
        if (request.Questions is < 1 or > 50 || request.Seconds is < 5 or > 240)
        {
            return RoomCreation.Fail(new FieldError(request.Questions is < 1 or > 50 ? "questions" : "seconds", "题数应在 1–50 之间，每题时间应在 5–240 秒之间。"));
        }

        var pool = bank.Current.All.Where(q => request.Category is null || q.Category == request.Category).ToArray();
        if (pool.Length < request.Questions)
        {
            return RoomCreation.Fail(new FieldError("questions", $"题库里{(request.Category is null ? string.Empty : $"「{request.Category}」")}只有 {pool.Length} 道题，不够 {request.Questions} 道。"));
        }

        new Random(StringComparer.Ordinal.GetHashCode(request.Seed)).Shuffle(pool);
        var now = time.GetUtcNow();
        var webhook = request.RobotWebhook ?? options.RobotWebhooks.GetValueOrDefault(request.BranchId);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var code = RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
            var room = new Room("rm" + request.Seed, code, request.Title, request.HostMemberId, request.HostOpenId, request.BranchId, request.Seconds,
                request.Team, !request.Manual, pool.Take(request.Questions).Select(q => q.Id).ToList(), webhook, now);
            if (await store.GetRoomAsync(room.Id, cancellationToken) is { } existing)
            {
                return new RoomCreation(existing, true);
            }

            if (await store.CreateAsync(room, new RoomState(RoomPhase.Lobby, -1, null, null, null, now, 1), cancellationToken))
            {
                if (request.HostOpenId.Length > 0)
                {
                    await shared.SetAsync(HostKey(request.HostMemberId), room.Id, HostMemory, cancellationToken);
                }

                return new RoomCreation(room, false);
            }
        }

        return RoomCreation.Fail("暂时无法分配房间号，请稍后再试。");
    }

    /// <summary>The room a member hosts in chat (their latest), or null.</summary>
    public Task<string?> RoomOfHostAsync(string memberId, CancellationToken cancellationToken) => shared.GetAsync(HostKey(memberId), cancellationToken);

    private static string HostKey(string memberId) => "contest-host:" + memberId;
}
