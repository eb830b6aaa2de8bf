using System.Security.Cryptography;
using System.Text;
using BranchBot.Adapters.Sms.Tencent;

namespace BranchBot.Tests.Sms.Tencent;

/// <summary>TC3-HMAC-SHA256 against Tencent Cloud's published worked example (CVM DescribeInstances, 1551113065).</summary>
public sealed class Tc3SignatureTests
{
    private const string Payload = """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";
    private const string ContentType = "application/json; charset=utf-8";

    [Fact]
    public void CanonicalRequest_DocumentedExample_HashesToThePublishedValue()
    {
        var canonical = Tc3Signature.CanonicalRequest(ContentType, "cvm.tencentcloudapi.com", Encoding.UTF8.GetBytes(Payload));

        Assert.EndsWith("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", canonical);
        Assert.Equal("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    [Fact]
    public void Sign_DocumentedExample_MatchesPublishedSignature() =>
        Assert.Equal(
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            Tc3Signature.Sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", 1551113065, ContentType, "cvm.tencentcloudapi.com", Encoding.UTF8.GetBytes(Payload)));

    [Fact]
    public void Authorization_DocumentedExample_HasThePublishedShape() =>
        Assert.Equal(
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, " +
            "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            Tc3Signature.Authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", 1551113065, ContentType, "cvm.tencentcloudapi.com", Encoding.UTF8.GetBytes(Payload)));
}
