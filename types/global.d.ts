/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform Taro is building for ('weapp' | 'h5'); set at build time. */
    TARO_ENV?: string
    /** WeChat cloud environment id used by Taro.cloud.init (weapp only); empty means the default. */
    TARO_APP_CLOUD_ENV?: string
  }
}
