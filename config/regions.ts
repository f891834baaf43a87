/**
 * Zones the platform may use, per region. Only zones where ACK Pro, ESSD, NAS extreme and Enterprise
 * Edition transit routers are all offered are listed; add a zone here once it is confirmed for all four.
 */
export const REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
    "cn-hangzhou": ["cn-hangzhou-b", "cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"],
    "cn-shanghai": ["cn-shanghai-b", "cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g", "cn-shanghai-l", "cn-shanghai-m"],
    "cn-beijing": ["cn-beijing-g", "cn-beijing-h", "cn-beijing-i", "cn-beijing-j", "cn-beijing-k", "cn-beijing-l"],
    "cn-shenzhen": ["cn-shenzhen-c", "cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f"],
};
