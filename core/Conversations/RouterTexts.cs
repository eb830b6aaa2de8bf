namespace BranchBot.Core.Conversations;

/// <summary>The router's own replies to members.</summary>
internal static class RouterTexts
{
    public const string Welcome = "欢迎关注支部助手！学习答题、会议提醒、请假签到，在这里都能办。";
    public const string HelpHeader = "我是支部助手，可以帮您：";
    public const string HelpLine = "· 帮助 — 再看一遍这份说明";
    public const string HelpFooter = "进行中的操作可随时发送「退出」结束。";
    public const string NotUnderstood = "未能识别您的消息。发送「帮助」可查看全部功能。";
    public const string TextOnly = "目前仅支持文字消息，发送「帮助」可查看全部功能。";
    public const string UnknownQr = "该二维码暂无对应功能，可能已过期。";
    public const string UnknownScan = "未能识别该二维码，请扫描会场屏幕或竞赛房间的二维码。";
    public const string UnknownMenu = "该菜单功能暂未开通，发送「帮助」可查看全部功能。";
    public const string FormerMember = "您好，您已不在本组织的党员名单中（已转出或离开），本账号不再为您提供党员服务。如有疑问，请联系原所在党支部。";
    public const string BindFirst = "使用该功能需先绑定党员身份：发送「绑定 姓名 手机后四位」，例如：绑定 张三 1234。";
    public const string BindFirstFooter = "尚未绑定？发送「绑定 姓名 手机后四位」即可使用答题、积分等功能。";
    public const string FlowExpired = "您上次的操作已失效（系统已更新），请重新发送「{0}」开始。";
    public const string NotAllowed = "抱歉，该功能仅对支部书记开放。";
    public const string NotAllowedBelowGroupLeader = "抱歉，该功能仅对党小组长和支部书记开放。";
    public const string NotAllowedBelowAdmin = "抱歉，该功能仅对管理员开放。";
    public const string Exited = "已退出当前操作。发送「帮助」可查看全部功能。";
    public const string NothingToExit = "当前没有进行中的操作。发送「帮助」可查看全部功能。";
}
