using System.ComponentModel.DataAnnotations;

namespace Cameras.Evidence.Exports;

/// <summary>Settings under <c>Cameras:Exports</c>: the signing authority, the optional timestamp authority, link lifetime, build retries.</summary>
public sealed class ExportOptions
{
    public const string Section = "Cameras:Exports";

    /// <summary>PEM certificate that signs manifests, followed by its issuers (the chain); empty: a development authority in the data folder.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM (PKCS#8) private key of <see cref="CertificatePath"/>'s first certificate: ECDSA P-256.</summary>
    public string? KeyPath { get; set; }

    /// <summary>RFC 3161 timestamp authority URL; empty means no timestamp on the signature.</summary>
    public string? TsaUrl { get; set; }

    /// <summary>How long a magistrate's download link lives (default 7 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Object key prefix of sealed packages.</summary>
    [RegularExpression("^[a-z0-9][a-z0-9._/-]{0,100}/$", ErrorMessage = "Cameras:Exports:Prefix must be a lower-case key prefix ending in '/'.")]
    public string Prefix { get; set; } = "exports/";

    /// <summary>
    /// How many times a build that failed (an object store or database error) is tried again before the export is
    /// failed for good; 0: never. An original that no longer matches its hash is never retried.
    /// </summary>
    [Range(0, 20)]
    public int BuildRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; each later wait is three times the one before (the recordings' backoff).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BuildRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A building export with no sign of life this long and no build scheduled is failed for good (its last attempt
    /// died before it could say so), so that it can be asked for again instead of staying building.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(30);
}
