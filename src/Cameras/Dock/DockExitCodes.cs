namespace Cameras.Dock;

/// <summary>What `cameras dock` exits with, so a dock station's script knows what failed.</summary>
public static class DockExitCodes
{
    public const int Success = 0;
    public const int Usage = 2;
    public const int UploadFailed = 3;
    public const int Quarantined = 4;
    public const int ReceiptInvalid = 5;
    public const int WipeFailed = 6;

    public const string Help = "Exit codes: 0 receipt verified (and files wiped with --wipe); 2 bad arguments or no recordings; "
        + "3 upload failed (network, server or token); 4 a file arrived different from its local hash (quarantined, nothing wiped); "
        + "5 no valid receipt (signature or contents do not check); 6 a file could not be wiped.";
}
