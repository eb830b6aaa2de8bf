using BranchBot.Core.Meetings;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>
/// Fetches a meeting photo from WeChat: by its media id through media/get (40007: expired or unknown, gone for
/// good), or, without one, from its picture address, accepted only over https on WeChat's image host or on the
/// configured API host.
/// </summary>
public sealed class WeChatPhotoSource(WeChatApiClient api, WeChatHttp http, IOptions<WeChatOptions> options) : IPhotoSource
{
    /// <summary>WeChat's own limit for an image message.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    private const string ImageHost = "mmbiz.qpic.cn";
    private const int InvalidMediaId = 40007;
    private const int TooLarge = WeChatHttp.TooLargeCode;

    public async Task<PhotoFetch> FetchAsync(MeetingPhoto photo, CancellationToken cancellationToken)
    {
        ApiResult result;
        if (!string.IsNullOrEmpty(photo.MediaId))
        {
            result = await api.GetMediaAsync(photo.MediaId, MaxBytes, cancellationToken);
        }
        else if (AllowedAddress(photo.PicUrl) is { } address)
        {
            result = await http.DownloadAsync(address.AbsoluteUri, MaxBytes, cancellationToken);
        }
        else
        {
            return new PhotoFetch.Gone("照片地址不在微信图片服务器上");
        }

        if (result is { Ok: true, Media: { } media })
        {
            return new PhotoFetch.Image(media.Bytes, media.ContentType);
        }

        // Anything else (busy, network, quota, a permission not yet granted) may pass: the archiver retries until WeChat's three days are up.
        return result.ErrCode is InvalidMediaId or TooLarge or 404 or 410
            ? new PhotoFetch.Gone($"{result.ErrCode} {result.ErrMsg}")
            : new PhotoFetch.Failed($"{result.ErrCode} {result.ErrMsg}");
    }

    private Uri? AllowedAddress(string? picUrl)
    {
        if (!Uri.TryCreate(picUrl, UriKind.Absolute, out var address))
        {
            return null;
        }

        var api = new Uri(options.Value.ApiBaseUrl);
        var wechat = address.Scheme == Uri.UriSchemeHttps && string.Equals(address.Host, ImageHost, StringComparison.OrdinalIgnoreCase);
        var configured = address.Scheme == api.Scheme && string.Equals(address.Host, api.Host, StringComparison.OrdinalIgnoreCase) && address.Port == api.Port;
        return wechat || configured ? address : null;
    }
}
