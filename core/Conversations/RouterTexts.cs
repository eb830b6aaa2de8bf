namespace BranchBot.Core.Conversations;

/// <summary>The router's own replies to members.</summary>
internal static class RouterTexts
{
    public const string Welcome = "欢迎关注支部助手！学习答题、会议提醒、请假签到，在这里都能办。";
    public const string HelpHeader = "我是支部助手，可以帮您：";
    public const string HelpLine = "· 帮助 — 再看一遍这份说明";
    public const string HelpFooter = "进行中的操作可随时发送「退出」结束。";
    public const string NotUnderstood = "没太明白您的意思～发送「帮助」看看我能做什么。";
    public const string TextOnly = "暂时只能看懂文字消息哦，发送「帮助」看看我能做什么。";
    public const string UnknownQr = "这个二维码暂时没有对应的功能，可能已经过期。";
    public const string UnknownMenu = "这个菜单功能还没开通，发送「帮助」看看我能做什么。";
    public const string BindFirst = "这个功能需要先绑定党员身份：发送「绑定 姓名 手机后四位」，例如：绑定 张三 1234。";
    public const string BindFirstFooter = "还没绑定？发送「绑定 姓名 手机后四位」即可使用答题、积分等功能。";
    public const string NotAllowed = "抱歉，这个功能只对支部书记开放。";
    public const string Exited = "已退出当前操作。发送「帮助」看看还能做什么。";
    public const string NothingToExit = "当前没有进行中的操作。发送「帮助」看看我能做什么。";
}
