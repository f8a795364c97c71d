// <zhuoyue-self-assessment framework="gbt19580-2012" lang="zh-CN" [guided]>: importing this module
// defines the element. Its state lives in the page's localStorage; nothing is sent anywhere.
export declare class SelfAssessment extends HTMLElement {
  /** The organisation award chosen in the readiness panel. */
  readonly award: string | undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'zhuoyue-self-assessment': SelfAssessment;
  }
}
