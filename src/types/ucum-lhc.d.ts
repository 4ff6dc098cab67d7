/**
 * The part of @lhncbc/ucum-lhc (UCUM validation by the U.S. National Library of Medicine) the terminology
 * test uses; the package ships no types.
 */
declare module '@lhncbc/ucum-lhc' {
  interface UcumLhcUtils {
    validateUnitString(unit: string): { status: 'valid' | 'invalid' | 'error'; msg: string[] };
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}
