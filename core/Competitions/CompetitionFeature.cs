using System.Globalization;
using System.Text.Json.Serialization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;

namespace BranchBot.Core.Competitions;

/// <summary>
/// Competitions in chat. Hosts (secretaries, admins): <c>创建竞赛 [题数] [秒数] [分类] [团队] [手动] [机器人地址]</c>,
/// <c>开始</c>, <c>下一题</c>, <c>暂停</c>, <c>继续</c>, <c>结束</c>. Members: <c>参赛 123456</c> (or scan the room's QR code),
/// then plain answers while the room runs. Late, second and non-participant answers are refused and change nothing.
/// </summary>
public sealed class CompetitionFeature(
    ICompetitionStore store,
    CompetitionEngine engine,
    RoomFactory rooms,
    RoomControl control,
    QuestionBankCache bank,
    IQrCodes qrCodes,
    CompetitionOptions options,
    TimeProvider time) : IConversationFeature, IEventObserver, IMenuButtonHandler
{
    public const string FlowName = "contest";
    public const string ScenePrefix = "cp_";

    /// <summary>The key of the menu's scanner button that joins a room by its QR code.</summary>
    public const string ScanMenuKey = "SCAN_JOIN";

    private static readonly FlowCodec<PlayState> Codec = new(FlowName, 1, PlayStateJson.Default.PlayState);

    public IReadOnlyCollection<(string Type, string Key)> MenuButtons { get; } = [("scancode_waitmsg", ScanMenuKey), ("scancode_push", ScanMenuKey)];

    public string Name => FlowName;

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("参赛", "加入知识竞赛：参赛 房间号", ["加入竞赛"], "COMPETITION_JOIN"),
        new("创建竞赛", "创建知识竞赛：创建竞赛 10题 20秒 党史 团队", ["发起竞赛"], "COMPETITION_NEW", CommandAccess.Secretary),
        new("开始", null, ["开始竞赛"], Access: CommandAccess.Secretary),
        new("下一题", null, Access: CommandAccess.Secretary),
        new("暂停", null, ["暂停竞赛"], Access: CommandAccess.Secretary),
        new("继续", null, ["继续竞赛"], Access: CommandAccess.Secretary),
        new("结束", null, ["结束竞赛"], Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var member = turn.Member!;
        if (command.Spec.Keyword == "参赛")
        {
            return await JoinAsync(turn, command.Arguments.Trim(), cancellationToken);
        }

        var text = command.Spec.Keyword == "创建竞赛"
            ? await CreateAsync(turn, member, command.Arguments, cancellationToken)
            : await HostCommandAsync(member, command.Spec.Keyword, cancellationToken);
        return new TurnResult(Reply.Text(text), turn.Session);
    }

    public async ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Text is null || turn.Member is null)
        {
            return TurnResult.Declined;
        }

        if (Codec.Read(turn.Session) is not { } played)
        {
            return FlowRestart.Reply("参赛 房间号");
        }

        var roomId = played.RoomId;

        var room = await store.GetRoomAsync(roomId, cancellationToken);
        var state = await store.GetStateAsync(roomId, cancellationToken);
        if (room is null || state is null || state.Phase == RoomPhase.Finished)
        {
            return new TurnResult(Reply.Text(CompetitionReplies.Over), turn.Session.End());
        }

        if ((await store.DroppedAsync(roomId, cancellationToken)).Contains(turn.Member.MemberId))
        {
            return new TurnResult(Reply.Text(CompetitionReplies.Dropped(room.Code)), turn.Session.End());
        }

        if (state.Phase != RoomPhase.Open || bank.Current.Find(room.QuestionIds[state.Index]) is not { } question)
        {
            return TurnResult.DeclineWith(state.Phase switch
            {
                RoomPhase.Lobby => "竞赛还没开始，请稍候，题目会推送给您。",
                RoomPhase.Paused => "竞赛暂停中，请稍候。",
                _ => "本题已结束，请等待下一题。",
            });
        }

        if (AnswerChecker.Check(question, turn.Text) == AnswerVerdict.Unrecognised)
        {
            return TurnResult.DeclineWith(CompetitionReplies.Hint(question));
        }

        var correct = AnswerChecker.Check(question, turn.Text) == AnswerVerdict.Correct;
        var outcome = await store.AnswerAsync(room.Id, state.Index, turn.Member.MemberId, correct, time.GetUtcNow(), state.OpenedAt!.Value,
            TimeSpan.FromSeconds(room.Seconds), engine.Scoring, cancellationToken);
        engine.Metrics.CompetitionAnswers.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Status switch
        {
            AnswerStatus.Accepted => correct ? "correct" : "wrong",
            AnswerStatus.Duplicate => "duplicate",
            AnswerStatus.Late => "late",
            _ => "closed",
        }));
        var text = outcome.Status switch
        {
            AnswerStatus.Accepted => $"已收到您的答案（用时 {outcome.ElapsedMs / 1000.0:0.0} 秒），本题结束后公布结果。",
            AnswerStatus.Duplicate => "这道题您已经答过了，以第一次的答案为准。",
            _ => "本题作答时间已到，请等待下一题。",
        };
        return new TurnResult(Reply.Text(text), turn.Session);
    }

    /// <summary>Scanning a room's QR code joins it.</summary>
    public async ValueTask<TurnResult?> OnEventAsync(Turn turn, CancellationToken cancellationToken)
    {
        var scene = turn.Scene;
        if (scene is null || !scene.StartsWith(ScenePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (turn.Member is null)
        {
            return new TurnResult(Reply.Text("欢迎！参赛前请先绑定党员身份：发送「绑定 姓名 手机后四位」，再扫一次码。"), turn.Session);
        }

        var room = await store.GetRoomAsync(scene[ScenePrefix.Length..], cancellationToken);
        return room is null
            ? new TurnResult(Reply.Text("这个竞赛二维码已失效。"), turn.Session)
            : await JoinAsync(turn, room.Code, cancellationToken);
    }

    private async Task<TurnResult> JoinAsync(Turn turn, string code, CancellationToken cancellationToken)
    {
        var member = turn.Member!;
        if (code.Length == 0)
        {
            return new TurnResult(Reply.Text("请发送「参赛 6位房间号」，或点击菜单「参加竞赛」扫描房间二维码。"), turn.Session);
        }

        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || await store.FindByCodeAsync(code, cancellationToken) is not { } roomId
            || await store.GetRoomAsync(roomId, cancellationToken) is not { } room)
        {
            return new TurnResult(Reply.Text("没有找到这个房间，请核对 6 位房间号，例如：参赛 123456。"), turn.Session);
        }

        var outcome = await store.JoinAsync(room.Id, new Participant(member.MemberId, member.Name, member.BranchId, turn.OpenId, time.GetUtcNow()), cancellationToken);
        if (outcome == JoinOutcome.RoomClosed)
        {
            return new TurnResult(Reply.Text("这场竞赛已经结束了。"), turn.Session);
        }

        var count = await store.CountParticipantsAsync(room.Id, cancellationToken);
        var text = outcome == JoinOutcome.AlreadyJoined
            ? $"您已经在「{room.Title}」里了（共 {count} 人）。题目会推送给您，直接回复答案即可。"
            : $"✅ 已加入「{room.Title}」（房间 {room.Code}），当前 {count} 人。\n共 {room.QuestionIds.Count} 题，每题 {room.Seconds} 秒，答对越快得分越高。竞赛开始后题目会推送给您，直接回复答案即可。";
        return new TurnResult(Reply.Text(text), Codec.Write(new PlayState(room.Id)));
    }

    private async Task<string> CreateAsync(Turn turn, MemberProfile host, string arguments, CancellationToken cancellationToken)
    {
        var count = options.DefaultQuestions;
        var seconds = options.DefaultSeconds;
        string? category = null;
        string? webhook = null;
        bool team = false, manual = false, sawCount = false;
        var categories = rooms.Categories;
        foreach (var token in arguments.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries))
        {
            var number = token.TrimEnd('题', '秒', '道');
            if (token.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                webhook = token;
            }
            else if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                // "10题 20秒", or bare numbers: questions first, then seconds.
                if (token.EndsWith('秒') || (sawCount && !token.EndsWith('题')))
                {
                    seconds = n;
                }
                else
                {
                    count = n;
                    sawCount = true;
                }
            }
            else if (token is "团队" or "团体" or "团队赛")
            {
                team = true;
            }
            else if (token is "手动")
            {
                manual = true;
            }
            else if (categories.Contains(token))
            {
                category = token;
            }
            else
            {
                return $"无法识别「{token}」。格式：创建竞赛 10题 20秒 [分类] [团队] [手动]\n分类可选：{string.Join("、", categories.Order())}";
            }
        }

        var request = new RoomRequest(host.BranchId, host.MemberId, turn.OpenId, "知识竞赛", count, seconds, category, team, manual, webhook, turn.StableId("contest"));
        var created = await rooms.CreateAsync(request, cancellationToken);
        return created.Room is { } room ? await CreatedTextAsync(room, cancellationToken) : created.Error!;
    }

    private async Task<string> CreatedTextAsync(Room room, CancellationToken cancellationToken)
    {
        var qr = await qrCodes.CreateAsync(ScenePrefix + room.Id, TimeSpan.FromDays(1), cancellationToken);
        return $"🏆 竞赛已创建，房间号：{room.Code}\n共 {room.QuestionIds.Count} 题，每题 {room.Seconds} 秒" + (room.TeamMode ? "，按支部计团队成绩" : string.Empty) +
               (room.AutoAdvance ? string.Empty : "，由您发送「下一题」推进") +
               $"\n请把房间号发到群里，大家发送「参赛 {room.Code}」加入" + (qr.ImageUrl is { } url ? $"，或扫码加入：{url}" : "。") +
               "\n人齐后发送「开始」。";
    }

    private async Task<string> HostCommandAsync(MemberProfile host, string keyword, CancellationToken cancellationToken)
    {
        if (await rooms.RoomOfHostAsync(host.MemberId, cancellationToken) is not { } roomId
            || await store.GetRoomAsync(roomId, cancellationToken) is not { } room)
        {
            return "您还没有创建竞赛。发送「创建竞赛」开始。";
        }

        var action = keyword switch
        {
            "开始" => HostAction.Start,
            "下一题" => HostAction.Next,
            "暂停" => HostAction.Pause,
            "继续" => HostAction.Resume,
            _ => HostAction.End,
        };
        return (await control.RunAsync(room, action, cancellationToken)).Text;
    }
}

internal static class CompetitionReplies
{
    public const string Over = "这场竞赛已经结束了，感谢参与！发送「帮助」看看还能做什么。";

    public static string Dropped(string code) =>
        $"由于较长时间没有互动，微信暂停了向您推送竞赛消息，您已退出本场竞赛的推送。可发送「参赛 {code}」重新加入。";

    public static string Hint(Question q) => q.Type switch
    {
        QuestionType.Single => "请回复一个选项字母，如 A。",
        QuestionType.Multiple => "请回复所有正确选项的字母，如 AC。",
        QuestionType.TrueFalse => "请回复「对」或「错」。",
        _ => "请直接回复答案文字。",
    };
}

/// <summary>A member playing in a room: answers go to that room until it finishes.</summary>
internal sealed record PlayState([property: JsonPropertyName("room")] string RoomId);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PlayState))]
internal sealed partial class PlayStateJson : JsonSerializerContext;
