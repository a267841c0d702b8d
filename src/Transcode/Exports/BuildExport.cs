namespace Cameras.Transcode.Exports;

/// <summary>The input of <see cref="BuildExportJob"/>: which export to build.</summary>
public sealed record BuildExport(Guid ExportId);
