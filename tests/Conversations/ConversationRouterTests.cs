using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Conversations;

public sealed class ConversationRouterTests
{
    private static readonly MessageHeader Header = new("gh_a", "oMember1", DateTimeOffset.UnixEpoch, "1");
    private readonly ConversationRouter _router = new([new SurveyFeature(), new CounterFeature(), new ClockFeature()], []);

    private async Task<TurnResult> Route(IncomingMessage message, Session? session = null) =>
        await _router.RouteAsync(new Turn(message, session ?? Session.Empty, DateTimeOffset.UnixEpoch), CancellationToken.None);

    private static string Text(TurnResult result) => Assert.IsType<TextReply>(result.Reply).Content;

    [Theory]
    [InlineData("帮助")]
    [InlineData("help")]
    [InlineData("HELP")]
    [InlineData("?")]
    [InlineData("？")]
    public async Task Route_HelpWord_ListsEveryFeatureCommand(string word)
    {
        var help = Text(await Route(new TextMessage(Header, word)));
        Assert.Contains("问卷 — 填一份小问卷", help);
        Assert.Contains("计数 — 数一数", help);
        Assert.Contains("退出", help);
    }

    [Fact]
    public async Task Route_Subscribe_WelcomesWithHelp()
    {
        var welcome = Text(await Route(new SubscribeEvent(Header, "subscribe", null, null)));
        Assert.StartsWith("欢迎关注支部助手", welcome);
        Assert.Contains("问卷", welcome);
    }

    [Fact]
    public async Task Route_ActiveFlow_GetsTheMessageBeforeCommands()
    {
        var started = await Route(new TextMessage(Header, "问卷"));
        Assert.Equal("survey", started.Session.Flow);

        // "计数 三次" starts like a command, but the active flow takes it first.
        var answered = await Route(new TextMessage(Header, "计数 三次"), started.Session);
        Assert.Equal("记下了：计数 三次", Text(answered));
        Assert.False(answered.Session.InFlow);
    }

    [Fact]
    public async Task Route_ExactCommandWordDuringFlow_RunsTheCommandAndKeepsTheFlow()
    {
        var started = await Route(new TextMessage(Header, "问卷"));
        var counted = await Route(new TextMessage(Header, "时间"), started.Session);
        Assert.StartsWith("现在是", Text(counted));
        Assert.Equal("survey", counted.Session.Flow);
    }

    [Fact]
    public async Task Route_FlowDeclinesImage_FallsBackToPoliteDefault()
    {
        var started = await Route(new TextMessage(Header, "问卷"));
        var result = await Route(new ImageMessage(Header, "http://p", "m"), started.Session);
        Assert.Contains("文字消息", Text(result));
        Assert.Equal("survey", result.Session.Flow);
    }

    [Fact]
    public async Task Route_ExitDuringFlow_EndsItAndSaysSo()
    {
        var started = await Route(new TextMessage(Header, "问卷"));
        var exited = await Route(new TextMessage(Header, "退出"), started.Session);
        Assert.Contains("已退出", Text(exited));
        Assert.False(exited.Session.InFlow);
        Assert.Contains("没有进行中", Text(await Route(new TextMessage(Header, "退出"))));
    }

    [Fact]
    public async Task Route_MenuClick_StartsTheMappedCommand()
    {
        var result = await Route(new MenuClickEvent(Header, "CLICK", "SURVEY"));
        Assert.Equal("请问您的名字？", Text(result));
        Assert.Contains("暂未开通", Text(await Route(new MenuClickEvent(Header, "CLICK", "NOPE"))));
    }

    [Fact]
    public async Task Route_CommandWithArguments_PassesTheRest()
    {
        var result = await Route(new TextMessage(Header, "计数 额外 内容"));
        Assert.Equal("计数 1", Text(result));
    }

    [Fact]
    public async Task Route_UnknownTextAndUnknownTypes_GetPoliteRepliesAndEventsGetNone()
    {
        Assert.Contains("帮助", Text(await Route(new TextMessage(Header, "随便说说"))));
        Assert.Contains("文字消息", Text(await Route(new UnknownMessage(Header, "miniprogrampage"))));
        Assert.IsType<NoReply>((await Route(new UnknownEvent(Header, "kf_close_session", null))).Reply);
        Assert.IsType<NoReply>((await Route(new UnsubscribeEvent(Header, "unsubscribe"))).Reply);
    }

    [Fact]
    public async Task Route_VoiceRecognition_IsTreatedAsText()
    {
        var result = await Route(new VoiceMessage(Header, "m", "amr", "计数。"));
        Assert.Equal("计数 1", Text(result));
    }

    [Fact]
    public void Constructor_TwoFeaturesClaimingOneKeyword_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new ConversationRouter([new CounterFeature(), new CounterFeature()], []));
    }

    /// <summary>Answers every scan with the scene it was given, and declares the menu scanner key it answers.</summary>
    private sealed class SceneEcho : IEventObserver, IMenuButtonHandler
    {
        public IReadOnlyCollection<(string Type, string Key)> MenuButtons { get; } = [("scancode_waitmsg", "SCAN_ECHO")];

        public ValueTask<TurnResult?> OnEventAsync(Turn turn, CancellationToken cancellationToken) =>
            ValueTask.FromResult(turn.Scene is { } scene ? new TurnResult(Reply.Text("scene " + scene), turn.Session) : null);
    }

    [Theory]
    [InlineData("ci_mt1_42_abcdef0123", "scene ci_mt1_42_abcdef0123")]
    [InlineData("  local-cp_room7 ", "scene cp_room7")]
    [InlineData("http://weixin.qq.com/q/unknown", "未能识别该二维码")]
    [InlineData("签到 123456", "未能识别该二维码")]
    [InlineData("", "未能识别该二维码")]
    public async Task Route_MenuScan_ActsAsTheSceneItNames(string result, string expected)
    {
        var router = new ConversationRouter([], [new SceneEcho()]);
        var reply = await router.RouteAsync(new Turn(new MenuScanEvent(Header, "scancode_waitmsg", "SCAN_ECHO", "qrcode", result), Session.Empty, DateTimeOffset.UnixEpoch), CancellationToken.None);
        Assert.StartsWith(expected, Text(reply));
        Assert.True(router.HandlesMenuKey("scancode_waitmsg", "SCAN_ECHO"));
        Assert.False(router.HandlesMenuKey("scancode_waitmsg", "SCAN_OTHER"));
        Assert.False(router.HandlesMenuKey("pic_sysphoto", "SCAN_ECHO"));
    }
}
