using System.ComponentModel.DataAnnotations;

namespace Cameras.Ingest.Gateway;

/// <summary>Settings under <c>Cameras:Live</c> for native apps: the RTMP (nginx-rtmp) and SRT (libsrt) listeners that
/// an ingest node runs beside its HTTP port. Port 0 turns a listener off.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Cameras:Live";

    [Range(0, 65535)]
    public int RtmpPort { get; set; } = 1935;

    [Range(0, 65535)]
    public int SrtPort { get; set; } = 8890;

    /// <summary>Address the listeners bind; by default the host of the server's first HTTP address (127.0.0.1 for
    /// <c>./run.sh</c>, every interface for <c>--urls http://0.0.0.0:8080</c>).</summary>
    public string? GatewayHost { get; set; }

    /// <summary>The nginx executable (Debian's, with libnginx-mod-rtmp).</summary>
    public string Nginx { get; set; } = "/usr/sbin/nginx";

    /// <summary>The nginx-rtmp module nginx loads.</summary>
    public string RtmpModule { get; set; } = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    /// <summary>SRT latency (receiver buffer) in milliseconds; SRT's own default is 120.</summary>
    [Range(20, 8000)]
    public int SrtLatencyMs { get; set; } = 200;
}
