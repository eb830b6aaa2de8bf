using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using DocumentFormat.OpenXml.Packaging;

namespace BranchBot.Tests.Photos;

/// <summary>
/// Photos sent during a meeting are fetched from (the fake) WeChat and kept, through the webhook and the admin API
/// against real Redis: once across instances, again after a busy answer, never again once WeChat says the media is gone.
/// </summary>
public sealed class PhotoArchivingTests
{
    private static async Task<(Meeting Meeting, string PhotoId)> SendPhotoAsync(MeetingBot bot, string mediaId, string? picUrl = null, Meeting? meeting = null)
    {
        meeting ??= await bot.ScheduleAsync(TimeSpan.FromMinutes(10));
        var msgId = BotServer.NextMsgId();
        var xml = PushComposer.Image(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, picUrl ?? "http://mmbiz.qpic.cn/unused/0", mediaId, msgId);
        using var response = await bot.Bot.PostAsync(xml, "oZhaoYi");
        response.EnsureSuccessStatusCode();
        Assert.Contains("照片已存入", bot.Bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content);
        return (meeting, msgId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<PhotoArchiveState?> StateAsync(MeetingBot bot, Meeting meeting, string photoId) =>
        (await bot.Get<IPhotoArchiveQueue>().GetPhotoStatesAsync(meeting.Id, default)).GetValueOrDefault(photoId);

    private static Task<int> ArchiveAsync(MeetingBot bot) => bot.Get<PhotoArchiver>().ArchiveDueAsync(default);

    private static async Task<JsonArray> ListAsync(MeetingBot bot, Meeting meeting)
    {
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    [Fact]
    public async Task Photo_SentToOneOfTwoInstances_IsFetchedOnce_AndEitherServesItAndPutsItInTheDocx()
    {
        var prefix = RedisServer.UniquePrefix();
        await using var first = await MeetingBot.StartAsync(prefix: prefix);
        await using var second = await MeetingBot.StartAsync(prefix: prefix, clock: first.Clock);
        first.Api.AddMedia("media-1", TestImages.Png, "image/png");
        second.Api.AddMedia("media-1", TestImages.Png, "image/png");
        var (meeting, photoId) = await SendPhotoAsync(first, "media-1");

        await Task.WhenAll(ArchiveAsync(first), ArchiveAsync(second));
        first.Clock.Advance(TimeSpan.FromHours(1));
        await Task.WhenAll(ArchiveAsync(first), ArchiveAsync(second));

        Assert.Equal(1, first.Api.CallsTo("media/get").Count + second.Api.CallsTo("media/get").Count);
        Assert.Equal(new PhotoArchiveState(PhotoArchiveStatus.Archived, 1, PhotoFormat.Png, TestImages.Png.Length), await StateAsync(second, meeting, photoId));
        foreach (var bot in new[] { first, second })
        {
            using var image = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos/{photoId}"));
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TestImages.Png, await image.Content.ReadAsByteArrayAsync());
        }

        var listed = Assert.Single(await ListAsync(first, meeting))!;
        Assert.Equal(("Archived", "已保存", $"/api/meetings/{meeting.Id}/photos/{photoId}"),
            (listed["archive"]!.GetValue<string>(), listed["archiveName"]!.GetValue<string>(), listed["imageUrl"]!.GetValue<string>()));

        using var docx = await first.Bot.Http.SendAsync(first.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/record.docx"));
        using var document = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false);
        var part = Assert.Single(document.MainDocumentPart!.ImageParts);
        using var stream = part.GetStream();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(TestImages.Png, copy.ToArray());
    }

    [Fact]
    public async Task Photo_WhenWeChatAnswers5xx_IsShownAsSaving_AndArchivedOnTheLaterTry()
    {
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["WeChat:ApiRetries"] = "0" });
        bot.Api.AddMedia("media-2", TestImages.Jpeg, "image/jpeg");
        bot.Api.FailNextWithStatus("media/get", status: 502);
        var (meeting, photoId) = await SendPhotoAsync(bot, "media-2");

        Assert.Equal(1, await ArchiveAsync(bot));
        var pending = (await StateAsync(bot, meeting, photoId))!;
        Assert.Equal((PhotoArchiveStatus.Pending, 1), (pending.Status, pending.Attempts));
        Assert.Equal("保存中", Assert.Single(await ListAsync(bot, meeting))!["archiveName"]!.GetValue<string>());
        Assert.Equal(0, await ArchiveAsync(bot));

        bot.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await ArchiveAsync(bot));

        Assert.Equal(new PhotoArchiveState(PhotoArchiveStatus.Archived, 2, PhotoFormat.Jpeg, TestImages.Jpeg.Length), await StateAsync(bot, meeting, photoId));
        Assert.Equal(2, bot.Api.CallsTo("media/get").Count);
    }

    [Fact]
    public async Task Photo_WeChatNoLongerHas_IsMarkedNotSaved_WithoutAnotherTry()
    {
        await using var bot = await MeetingBot.StartAsync();
        var (meeting, photoId) = await SendPhotoAsync(bot, "media-expired");

        await ArchiveAsync(bot);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await ArchiveAsync(bot));

        Assert.Equal(PhotoArchiveStatus.Failed, (await StateAsync(bot, meeting, photoId))!.Status);
        Assert.Single(bot.Api.CallsTo("media/get"));
        var listed = Assert.Single(await ListAsync(bot, meeting))!;
        Assert.Equal(("Failed", "未能保存"), (listed["archive"]!.GetValue<string>(), listed["archiveName"]!.GetValue<string>()));
        Assert.Null(listed["imageUrl"]);

        using var image = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos/{photoId}"));
        Assert.Equal(HttpStatusCode.NotFound, image.StatusCode);
        Assert.Equal(ProblemJson.MediaType, image.Content.Headers.ContentType?.MediaType);
        using var unknown = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos/nope"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noMeeting = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/nope/photos/{photoId}"));
        Assert.Equal(HttpStatusCode.NotFound, noMeeting.StatusCode);
        using var otherBranch = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos/{photoId}", MeetingBot.Branch2Key));
        Assert.Equal(HttpStatusCode.Forbidden, otherBranch.StatusCode);

        using var docx = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/record.docx"));
        var (_, paragraphs) = OfficeFiles.ReadDocx(await docx.Content.ReadAsByteArrayAsync());
        Assert.Contains(paragraphs, p => p.StartsWith("赵一 ", StringComparison.Ordinal) && p.EndsWith("（北京时间）：未能保存", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Photo_AfterTheTokenWasRotated_IsFetchedWithAFreshToken()
    {
        await using var bot = await MeetingBot.StartAsync();
        bot.Api.AddMedia("media-3", TestImages.Gif, "image/gif");
        bot.Api.AddMedia("media-4", TestImages.Gif, "image/gif");
        var (meeting, _) = await SendPhotoAsync(bot, "media-3");
        await ArchiveAsync(bot);
        bot.Api.RotateToken();

        var (_, photoId) = await SendPhotoAsync(bot, "media-4", meeting: meeting);
        await ArchiveAsync(bot);

        Assert.Equal(PhotoArchiveStatus.Archived, (await StateAsync(bot, meeting, photoId))!.Status);
        var calls = bot.Api.CallsTo("media/get").Where(c => c.Body == "media-4").ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(bot.Api.CurrentToken, calls[^1].Token);
    }

    [Fact]
    public async Task Photo_WithoutMediaId_IsFetchedFromItsPictureAddress_OnlyOnAnAllowedHost()
    {
        await using var bot = await MeetingBot.StartAsync();
        bot.Api.AddMedia("pic-1", TestImages.Png, "image/png");
        var (meeting, allowed) = await SendPhotoAsync(bot, string.Empty, bot.Api.PictureUrl("pic-1"));
        var (_, elsewhere) = await SendPhotoAsync(bot, string.Empty, "https://attacker.example/pic-1", meeting);

        await ArchiveAsync(bot);

        Assert.Equal(PhotoArchiveStatus.Archived, (await StateAsync(bot, meeting, allowed))!.Status);
        Assert.Equal(PhotoArchiveStatus.Failed, (await StateAsync(bot, meeting, elsewhere))!.Status);
        Assert.Single(bot.Api.CallsTo("pic"));
        Assert.Empty(bot.Api.CallsTo("media/get"));
    }
}
