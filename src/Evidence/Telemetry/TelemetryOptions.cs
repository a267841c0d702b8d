namespace Cameras.Evidence.Telemetry;

/// <summary><c>Cameras:Telemetry</c> and <c>Cameras:Metrics</c>: where metrics and traces go.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OTLP collector (e.g. <c>http://collector:4317</c>); the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works too.
    /// Unset: no OTLP export, and no traces are recorded.</summary>
    public string? OtlpEndpoint { get; set; }
}

public sealed class MetricsOptions
{
    /// <summary>A second port serving only <c>/metrics</c>, without a token, for a scraper on the internal network. Unset: none.</summary>
    public int? Port { get; set; }

    /// <summary>The address that port listens on (default: every interface).</summary>
    public string Address { get; set; } = "0.0.0.0";
}
