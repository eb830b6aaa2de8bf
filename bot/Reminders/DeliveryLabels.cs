using BranchBot.Core.Reminders;

namespace BranchBot.Bot.Reminders;

/// <summary>The names the console shows for notice kinds, channels and outcomes; it keeps no copy of its own.</summary>
internal static class DeliveryLabels
{
    public static string KindName(ReminderKind kind) => kind switch
    {
        ReminderKind.Reminder => "会议提醒",
        ReminderKind.Changed => "变更通知",
        ReminderKind.Cancelled => "取消通知",
        ReminderKind.MakeUp => "补学提醒",
        _ => "组织生活提醒",
    };

    public static string? ChannelName(DeliveryChannel? channel) => channel switch
    {
        DeliveryChannel.Template => "模板消息",
        DeliveryChannel.Sms => "短信",
        _ => null,
    };

    /// <summary>Sent by SMS means the WeChat template could not be used: the notice fell back to SMS.</summary>
    public static string StatusName(DeliveryStatus status, DeliveryChannel? channel = null) => status switch
    {
        DeliveryStatus.Sent => channel == DeliveryChannel.Sms ? "转短信送达" : "已送达",
        DeliveryStatus.Failed => "失败",
        _ => "已跳过",
    };
}
